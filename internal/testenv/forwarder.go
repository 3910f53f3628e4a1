package testenv

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// Forwarder is a TCP relay on 127.0.0.1 to a target, standing in for the
// fault proxy where a test only needs to see that a driver dials it, or
// how many round trips it makes.
type Forwarder struct {
	addr     string
	accepted atomic.Int64
	turns    atomic.Int64
}

// NewForwarder relays every connection to its address to target until
// the test ends.
func NewForwarder(t testing.TB, target string) *Forwarder {
	t.Helper()
	f := &Forwarder{}
	f.addr = Listen(t, func(c net.Conn) {
		f.accepted.Add(1)
		up, err := net.Dial("tcp", target)
		if err != nil {
			return
		}
		// replied is set before a reply is passed on, so a request the
		// client sends after reading it always finds it set: each
		// request after a reply (or the first) is one round trip, however
		// the bytes are split into reads.
		var replied atomic.Bool
		replied.Store(true)
		var wg sync.WaitGroup
		wg.Go(func() {
			relay(up, c, func() {
				if replied.Swap(false) {
					f.turns.Add(1)
				}
			})
			_ = up.Close()
		})
		relay(c, up, func() { replied.Store(true) })
		_ = c.Close()
		wg.Wait()
	})
	return f
}

// relay copies from src to dst, calling before ahead of each write.
func relay(dst io.Writer, src io.Reader, before func()) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			before()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Addr is host:port to dial instead of the target.
func (f *Forwarder) Addr() string { return f.addr }

// Accepted is how many connections the forwarder has accepted.
func (f *Forwarder) Accepted() int64 { return f.accepted.Load() }

// Turns is how many round trips the clients have begun, over all
// connections: requests sent after a reply (or first on a connection),
// pipelined ones counting once.
func (f *Forwarder) Turns() int64 { return f.turns.Load() }
