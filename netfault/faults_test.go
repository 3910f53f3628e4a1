package netfault

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"testing"
	"time"
)

// TestBandwidth sends a payload through an echo server with a cap on one
// direction and checks the transfer takes about size/rate.
func TestBandwidth(t *testing.T) {
	const size = 100_000
	tests := []struct {
		name    string
		kbps    int64
		dir     Direction
		minTime time.Duration
	}{
		// The first 20 ms slice goes out at once, hence the small allowance.
		{"downstream 250 KB/s", 250, Downstream, 380 * time.Millisecond},
		{"upstream 250 KB/s", 250, Upstream, 380 * time.Millisecond},
		{"both 500 KB/s", 500, Both, 180 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEcho(t)
			p := startProxy(t, e.addr())
			p.SetBandwidth(tt.kbps, tt.dir)
			c := dial(t, p.Addr())
			payload := make([]byte, size)
			fill(payload, 7)
			start := time.Now()
			go func() {
				_, _ = c.Write(payload)
				_ = c.CloseWrite()
			}()
			_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
			got, err := io.ReadAll(c)
			took := time.Since(start)
			if err != nil || !bytes.Equal(got, payload) {
				t.Fatalf("echo: %d bytes, err %v; want the %d bytes sent", len(got), err, size)
			}
			if want := time.Duration(size * int64(time.Second) / (tt.kbps * 1000)); took < tt.minTime || took > want+2*time.Second {
				t.Fatalf("transfer took %v, want about %v (at least %v)", took, want, tt.minTime)
			}
		})
	}
}

// TestReset checks that reset connections get a real RST and the others
// are served, with a share that follows the probability and a seeded
// generator that makes it reproducible.
func TestReset(t *testing.T) {
	const conns = 40
	tests := []struct {
		name       string
		p          float64
		minR, maxR int64
	}{
		{"never", 0, 0, 0},
		{"always", 1, conns, conns},
		{"half", 0.5, 8, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEcho(t)
			var resets [2][]bool
			for run := range resets {
				p := startProxy(t, e.addr(), WithRand(rand.New(rand.NewPCG(3, 4))))
				p.SetReset(tt.p)
				for range conns {
					err := pingOnce(p.Addr())
					switch {
					case err == nil:
						resets[run] = append(resets[run], false)
					case errors.Is(err, syscall.ECONNRESET):
						resets[run] = append(resets[run], true)
					default:
						t.Fatalf("connection neither served nor reset: %v", err)
					}
				}
				if s := p.Stats(); s.Reset < tt.minR || s.Reset > tt.maxR || s.Accepted != conns {
					t.Fatalf("stats %+v: want %d accepted and %d..%d reset", s, conns, tt.minR, tt.maxR)
				}
			}
			for i := range resets[0] {
				if resets[0][i] != resets[1][i] {
					t.Fatalf("same seed, different choice at connection %d", i)
				}
			}
		})
	}
}

// pingOnce opens a connection to addr and does one echo round trip.
func pingOnce(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("ping")); err != nil {
		return err
	}
	buf := make([]byte, 4)
	_, err = io.ReadFull(c, buf)
	return err
}

// TestStall checks that no data flows while stalled, the connection stays
// open, and the held data flows once the stall ends.
func TestStall(t *testing.T) {
	e := startEcho(t)
	p := startProxy(t, e.addr())
	c := dial(t, p.Addr())
	roundTrip(t, c, []byte("before"))

	p.SetStall(true)
	if _, err := c.Write([]byte("held")); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	buf := make([]byte, 4)
	if n, err := c.Read(buf); !isTimeout(err) {
		t.Fatalf("read while stalled = %d bytes, %v; want a timeout", n, err)
	}
	// A connection opened during the stall is accepted but silent too.
	c2 := dial(t, p.Addr())
	if _, err := c2.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	_ = c2.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, err := c2.Read(buf); !isTimeout(err) {
		t.Fatalf("read on a new connection while stalled = %d bytes, %v; want a timeout", n, err)
	}

	p.SetStall(false)
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "held" {
		t.Fatalf("after the stall: %q, %v; want \"held\"", buf, err)
	}
	_ = c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c2, buf[:3]); err != nil || string(buf[:3]) != "new" {
		t.Fatalf("new connection after the stall: %q, %v; want \"new\"", buf[:3], err)
	}
	roundTrip(t, c, []byte("after"))
}

// TestOutage checks that an outage resets open connections and refuses new
// ones, and that EndOutage serves again on the same address.
func TestOutage(t *testing.T) {
	e := startEcho(t)
	p := startProxy(t, e.addr())
	addr := p.Addr()
	open := dial(t, addr)
	roundTrip(t, open, []byte("up"))
	slow := dial(t, addr)
	p.SetLatency(time.Millisecond, 0, Both)
	roundTrip(t, slow, []byte("slow"))

	p.StartOutage()
	p.StartOutage() // no-op while on
	for name, c := range map[string]net.Conn{"fast": open, "slow": slow} {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 1)); !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("read on the %s connection during outage: %v, want ECONNRESET", name, err)
		}
	}
	if _, err := net.DialTimeout("tcp", addr, 5*time.Second); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial during outage: %v, want ECONNREFUSED", err)
	}
	if s := p.Stats(); s.Cut != 2 || s.Active != 0 {
		t.Fatalf("stats %+v: want 2 cut, 0 active", s)
	}

	if err := p.EndOutage(); err != nil {
		t.Fatalf("EndOutage: %v", err)
	}
	if err := p.EndOutage(); err != nil {
		t.Fatalf("second EndOutage: %v", err)
	}
	if p.Addr() != addr {
		t.Fatalf("address changed from %s to %s", addr, p.Addr())
	}
	if err := pingOnce(addr); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
}
