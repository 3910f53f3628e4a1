package netfault

import (
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
)

// echoServer is a real TCP echo server on 127.0.0.1:0: it writes back what
// it reads and closes its side when the client half-closes.
type echoServer struct {
	ln    net.Listener
	close func() // stops the server and closes its connections
}

func startEcho(t testing.TB) *echoServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("echo listen: %v", err)
	}
	return &echoServer{ln: ln, close: testenv.Serve(t, ln, func(c net.Conn) { _, _ = io.Copy(c, c) })}
}

func (e *echoServer) addr() string { return e.ln.Addr().String() }

// startProxy starts a proxy to target and closes it at the end of the test.
func startProxy(t testing.TB, target string, opts ...Option) *Proxy {
	t.Helper()
	p, err := Listen(target, opts...)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return p
}

func dial(t testing.TB, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c.(*net.TCPConn)
}

// roundTrip writes msg and reads the echo back, returning how long it took.
func roundTrip(t testing.TB, c net.Conn, msg []byte) time.Duration {
	t.Helper()
	buf := make([]byte, len(msg))
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	if _, err := c.Write(msg); err != nil {
		t.Fatalf("write: %v", err)
	}
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatalf("read echo: %v", err)
	}
	d := time.Since(start)
	if string(buf) != string(msg) {
		t.Fatalf("echo = %q, want %q", buf, msg)
	}
	return d
}

// medianRTT is the median of n round trips of a small message.
func medianRTT(t testing.TB, c net.Conn, n int) time.Duration {
	t.Helper()
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = roundTrip(t, c, []byte("ping"))
	}
	for i := 1; i < len(ds); i++ { // insertion sort: n is tiny
		for j := i; j > 0 && ds[j] < ds[j-1]; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
	return ds[n/2]
}

// fill writes reproducible pseudo-random bytes into b.
func fill(b []byte, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 42))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
}

// eventually polls cond until it holds or the timeout passes.
func eventually(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// resetOnConnect dials addr and reads: it returns the first error, which
// is ECONNRESET when the proxy resets the connection (the RST can beat the
// dialer's own connect check, so it may come from the dial or the read).
func resetOnConnect(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = c.Read(make([]byte, 1))
	return err
}

// isTimeout reports whether err is a deadline expiry.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
