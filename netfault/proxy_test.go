package netfault

import (
	"bytes"
	"errors"
	"io"
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
)

func TestPassthrough(t *testing.T) {
	tests := []struct {
		name string
		size int
	}{
		{"one byte", 1},
		{"one chunk", fastChunk},
		{"several chunks", 3*fastChunk + 17},
		{"1 MiB", 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEcho(t)
			p := startProxy(t, e.addr())
			c := dial(t, p.Addr())
			payload := make([]byte, tt.size)
			fill(payload, uint64(tt.size))

			go func() {
				_, _ = c.Write(payload)
				_ = c.CloseWrite()
			}()
			got, err := io.ReadAll(c)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if !bytes.Equal(got, payload) {
				t.Fatalf("echo differs: got %d bytes, want %d", len(got), len(payload))
			}
			_ = c.Close()
			if !eventually(5*time.Second, func() bool { return p.Stats().Active == 0 }) {
				t.Fatalf("connection still active: %+v", p.Stats())
			}
			s := p.Stats()
			want := Stats{Accepted: 1, BytesUp: int64(tt.size), BytesDown: int64(tt.size)}
			if s != want {
				t.Fatalf("stats = %+v, want %+v", s, want)
			}
		})
	}
}

// TestHalfClose checks that a client's FIN reaches the server and the
// server's FIN comes back, on the fast and the slow path.
func TestHalfClose(t *testing.T) {
	for _, slow := range []bool{false, true} {
		t.Run(map[bool]string{false: "fast", true: "slow"}[slow], func(t *testing.T) {
			e := startEcho(t)
			p := startProxy(t, e.addr())
			if slow {
				p.SetLatency(5*time.Millisecond, 0, Both)
			}
			c := dial(t, p.Addr())
			if _, err := c.Write([]byte("bye")); err != nil {
				t.Fatal(err)
			}
			if err := c.CloseWrite(); err != nil {
				t.Fatal(err)
			}
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(c)
			if err != nil || string(got) != "bye" {
				t.Fatalf("ReadAll = %q, %v; want \"bye\", EOF", got, err)
			}
		})
	}
}

func TestDialFailureResetsClient(t *testing.T) {
	// A port that was just free: nothing listens there.
	target := testenv.DeadAddr(t)

	p := startProxy(t, target)
	if err := resetOnConnect(p.Addr()); !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("connecting through the proxy to a dead target: %v, want ECONNRESET", err)
	}
	if s := p.Stats(); s.DialFailed != 1 || s.Accepted != 1 {
		t.Fatalf("stats = %+v, want 1 accepted, 1 dial failure", s)
	}
}

func TestListenRejectsBadTarget(t *testing.T) {
	if p, err := Listen("no-port"); err == nil {
		_ = p.Close()
		t.Fatal("Listen(\"no-port\") succeeded")
	}
}

// TestCloseEndsGoroutines opens connections on every path, closes the
// proxy, and checks that no goroutine is left behind.
func TestCloseEndsGoroutines(t *testing.T) {
	e := startEcho(t)
	base := runtime.NumGoroutine()

	p, err := Listen(e.addr())
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	open := func() net.Conn {
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		return c
	}
	roundTrip(t, open(), []byte("fast"))
	p.SetLatency(10*time.Millisecond, 0, Upstream)
	roundTrip(t, open(), []byte("slow"))
	p.SetStall(true)
	stalled := open()
	if _, err := stalled.Write([]byte("held")); err != nil {
		t.Fatal(err)
	}
	if !eventually(5*time.Second, func() bool { return p.Stats().Active == 3 }) {
		t.Fatalf("want 3 active connections: %+v", p.Stats())
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := p.EndOutage(); !errors.Is(err, ErrClosed) {
		t.Fatalf("EndOutage after Close = %v, want ErrClosed", err)
	}
	if s := p.Stats(); s.Active != 0 {
		t.Fatalf("active after Close = %d", s.Active)
	}
	for _, c := range conns {
		_ = c.Close()
	}
	e.close()
	if !eventually(5*time.Second, func() bool { return runtime.NumGoroutine() <= base }) {
		buf := make([]byte, 1<<16)
		t.Fatalf("goroutines: %d, before: %d\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
	}
}

func TestParseDirection(t *testing.T) {
	tests := []struct {
		in      string
		want    Direction
		wantErr bool
	}{
		{"", Both, false},
		{"both", Both, false},
		{"upstream", Upstream, false},
		{"downstream", Downstream, false},
		{"sideways", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDirection(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDirection(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && tt.in != "" && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}
