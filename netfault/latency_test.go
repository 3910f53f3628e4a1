package netfault

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// TestLatency measures the round trip of a small message through an echo
// server with latency on one or both directions, on a connection opened
// before the fault (switched to the slow path while open) and on one opened
// after. The lower bound is exact (a chunk is never delivered before its due
// time); the upper bound leaves generous room for a loaded machine.
func TestLatency(t *testing.T) {
	const slack = 80 * time.Millisecond
	tests := []struct {
		name          string
		delay, jitter time.Duration
		dir           Direction
		min           time.Duration // least round-trip time
	}{
		{"both 40ms", 40 * time.Millisecond, 0, Both, 80 * time.Millisecond},
		{"upstream 40ms", 40 * time.Millisecond, 0, Upstream, 40 * time.Millisecond},
		{"downstream 40ms", 40 * time.Millisecond, 0, Downstream, 40 * time.Millisecond},
		{"downstream 40ms ± 20ms", 40 * time.Millisecond, 20 * time.Millisecond, Downstream, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEcho(t)
			p := startProxy(t, e.addr())
			before := dial(t, p.Addr())
			if rtt := roundTrip(t, before, []byte("warm")); rtt > slack {
				t.Fatalf("round trip without fault took %v", rtt)
			}

			p.SetLatency(tt.delay, tt.jitter, tt.dir)
			after := dial(t, p.Addr())
			for _, c := range []struct {
				name string
				conn net.Conn
			}{{"open before", before}, {"opened after", after}} {
				rtt := medianRTT(t, c.conn, 5)
				maxRTT := tt.min + 2*tt.jitter + slack
				if rtt < tt.min || rtt > maxRTT {
					t.Errorf("%s: median round trip %v, want within [%v, %v]", c.name, rtt, tt.min, maxRTT)
				}
			}
		})
	}
}

// TestLatencyStreams checks that latency delays the stream without
// serializing it: many messages sent back to back all arrive about one
// delay later, not one delay per message.
func TestLatencyStreams(t *testing.T) {
	const (
		delay = 100 * time.Millisecond
		msgs  = 20
	)
	e := startEcho(t)
	p := startProxy(t, e.addr())
	p.SetLatency(delay, 0, Upstream)
	c := dial(t, p.Addr())

	msg := bytes.Repeat([]byte("x"), 1000)
	start := time.Now()
	go func() {
		for range msgs {
			if _, err := c.Write(msg); err != nil {
				return
			}
			time.Sleep(5 * time.Millisecond) // separate reads on the proxy
		}
	}()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, msgs*len(msg))
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatalf("read: %v", err)
	}
	took := time.Since(start)
	// Serialized delivery would take msgs × delay = 2s.
	if took < delay || took > delay+msgs*5*time.Millisecond+400*time.Millisecond {
		t.Fatalf("%d messages took %v with %v latency; want about %v", msgs, took, delay, delay+msgs*5*time.Millisecond)
	}
}

// TestLatencyClearedReturnsToFastPath checks that removing the fault moves
// open connections back to the fast path and the delay goes away.
func TestLatencyClearedReturnsToFastPath(t *testing.T) {
	const delay = 150 * time.Millisecond
	e := startEcho(t)
	p := startProxy(t, e.addr())
	c := dial(t, p.Addr())
	p.SetLatency(delay, 0, Both)
	if rtt := roundTrip(t, c, []byte("slow")); rtt < 2*delay {
		t.Fatalf("round trip with latency %v, want >= %v", rtt, 2*delay)
	}
	if !allPipes(p, true) {
		t.Fatal("pipes not on the slow path while latency is set")
	}
	p.Clear()
	if rtt := medianRTT(t, c, 3); rtt >= delay/2 {
		t.Fatalf("round trip after Clear %v, want < %v", rtt, delay/2)
	}
	if !eventually(5*time.Second, func() bool { return allPipes(p, false) }) {
		t.Fatal("pipes did not return to the fast path after Clear")
	}
}

// TestLatencyAppliesFromTheNextByte sets latency on a connection whose pipes
// run the fast path and sends at once: the very next bytes must be delayed
// both ways. A fast path woken by its deadline just as the bytes arrive used
// to forward them undelayed (about 1 in 70 tries, seen in CI).
func TestLatencyAppliesFromTheNextByte(t *testing.T) {
	const delay = 2 * time.Millisecond
	e := startEcho(t)
	p := startProxy(t, e.addr())
	c := dial(t, p.Addr())
	for i := range 300 {
		p.Clear()
		roundTrip(t, c, []byte("fast"))
		p.SetLatency(delay, 0, Both)
		if rtt := roundTrip(t, c, []byte("slow")); rtt < 2*delay {
			t.Fatalf("try %d: round trip right after SetLatency took %v, want >= %v", i, rtt, 2*delay)
		}
	}
}

// allPipes reports whether every running pipe is on the slow (or fast) path.
func allPipes(p *Proxy, slow bool) bool {
	p.mu.Lock()
	var pipes []*pipe
	for l := range p.links {
		if l.up != nil {
			pipes = append(pipes, l.up, l.down)
		}
	}
	p.mu.Unlock()
	for _, pp := range pipes {
		pp.mu.Lock()
		ok := pp.running && pp.slow == slow
		pp.mu.Unlock()
		if !ok {
			return false
		}
	}
	return len(pipes) > 0
}
