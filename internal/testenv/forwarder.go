package testenv

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// Forwarder is a TCP relay on 127.0.0.1 to a target, standing in for the
// fault proxy where a test only needs to see that a driver dials it.
type Forwarder struct {
	addr     string
	accepted atomic.Int64
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
		var wg sync.WaitGroup
		wg.Go(func() { _, _ = io.Copy(up, c); _ = up.Close() })
		_, _ = io.Copy(c, up)
		_ = c.Close()
		wg.Wait()
	})
	return f
}

// Addr is host:port to dial instead of the target.
func (f *Forwarder) Addr() string { return f.addr }

// Accepted is how many connections the forwarder has accepted.
func (f *Forwarder) Accepted() int64 { return f.accepted.Load() }
