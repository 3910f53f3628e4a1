package testenv

import (
	"net"
	"sync"
	"testing"
)

// DeadAddr returns a 127.0.0.1 address nothing listens on.
func DeadAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// Serve accepts connections on ln and runs handle for each in its own
// goroutine, closing the connection when handle returns. stop, which the
// end of the test calls too, closes ln and every open connection and
// waits for the handlers to return; it may be called more than once.
func Serve(t testing.TB, ln net.Listener, handle func(net.Conn)) (stop func()) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns = map[net.Conn]struct{}{}
	)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = struct{}{}
			mu.Unlock()
			wg.Go(func() {
				handle(c)
				_ = c.Close()
				mu.Lock()
				delete(conns, c)
				mu.Unlock()
			})
		}
	})
	var once sync.Once
	stop = func() {
		once.Do(func() {
			_ = ln.Close()
			mu.Lock()
			for c := range conns {
				_ = c.Close()
			}
			mu.Unlock()
			wg.Wait()
		})
	}
	t.Cleanup(stop)
	return stop
}

// Listen is Serve on a new listener on 127.0.0.1 until the test ends; it
// returns the address.
func Listen(t testing.TB, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	Serve(t, ln, handle)
	return ln.Addr().String()
}
