package testenv

import (
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"
)

func TestDeadAddr(t *testing.T) {
	addr := DeadAddr(t)
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err == nil {
		_ = c.Close()
		t.Fatalf("dial %s succeeded, want refused", addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial %s: %v, want ECONNREFUSED", addr, err)
	}
}

func echo(c net.Conn) { _, _ = io.Copy(c, c) }

// roundTrip writes msg to addr on a new connection and reads it back.
func roundTrip(t *testing.T, addr, msg string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != msg {
		t.Fatalf("read back %q, %v; want %q", got, err, msg)
	}
	return c
}

func TestServeStop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := Serve(t, ln, echo)
	c := roundTrip(t, ln.Addr().String(), "hello")
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not return with a connection open")
	}
	if n, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatalf("read on a connection after stop: %d bytes, want an error", n)
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), 5*time.Second); err == nil {
		_ = c.Close()
		t.Fatal("dial after stop succeeded")
	}
	stop() // again: no effect, no panic
}

func TestForwarder(t *testing.T) {
	target := Listen(t, echo)
	f := NewForwarder(t, target)
	if f.Addr() == target || f.Accepted() != 0 {
		t.Fatalf("forwarder at %s (target %s), %d accepted before any dial", f.Addr(), target, f.Accepted())
	}
	roundTrip(t, f.Addr(), "one")
	roundTrip(t, f.Addr(), "two")
	if n := f.Accepted(); n != 2 {
		t.Fatalf("Accepted = %d, want 2", n)
	}

	// To a dead target, the relay accepts and then closes.
	dead := NewForwarder(t, DeadAddr(t))
	c, err := net.DialTimeout("tcp", dead.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("read through a relay to a dead target: %v, want the connection closed", err)
	}
}
