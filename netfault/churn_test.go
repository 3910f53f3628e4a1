package netfault

import (
	"bytes"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestFaultChurn streams data through several connections while faults are
// switched on and off at random, moving the connections between the fast and
// slow paths many times, and checks every byte arrives once and in order.
func TestFaultChurn(t *testing.T) {
	const (
		conns = 4
		size  = 1 << 20
		piece = 4000
	)
	e := startEcho(t)
	p := startProxy(t, e.addr())

	stop := make(chan struct{})
	var churn sync.WaitGroup
	churn.Add(1)
	go func() {
		defer churn.Done()
		r := rand.New(rand.NewPCG(5, 6))
		dirs := []Direction{Upstream, Downstream, Both}
		for {
			select {
			case <-stop:
				p.Clear()
				return
			case <-time.After(time.Duration(r.IntN(8)+1) * time.Millisecond):
			}
			switch r.IntN(5) {
			case 0:
				p.SetLatency(time.Duration(r.IntN(3))*time.Millisecond, time.Duration(r.IntN(2))*time.Millisecond, dirs[r.IntN(3)])
			case 1:
				p.SetBandwidth(int64(r.IntN(3))*20_000, dirs[r.IntN(3)])
			case 2:
				p.SetStall(r.IntN(2) == 0)
			default:
				p.Clear()
			}
		}
	}()

	var wg sync.WaitGroup
	errs := make(chan string, conns)
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dial(t, p.Addr())
			payload := make([]byte, size)
			fill(payload, uint64(i))
			go func() {
				for off := 0; off < size; off += piece {
					if _, err := c.Write(payload[off:min(off+piece, size)]); err != nil {
						return
					}
					time.Sleep(time.Millisecond) // keep the stream going while faults change
				}
				_ = c.CloseWrite()
			}()
			_ = c.SetReadDeadline(time.Now().Add(40 * time.Second))
			got, err := io.ReadAll(c)
			if err != nil || !bytes.Equal(got, payload) {
				errs <- "connection: echo differs or failed"
				t.Logf("conn %d: %d bytes back, err %v", i, len(got), err)
			}
		}()
	}
	wg.Wait()
	close(stop)
	churn.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := p.counters.switches.Load(); n < 10 {
		t.Errorf("only %d fast/slow path switches: the churn did not exercise them", n)
	}
	s := p.Stats()
	if s.BytesUp != conns*size || s.BytesDown != conns*size {
		t.Fatalf("stats %+v: want %d bytes each way", s, conns*size)
	}
}
