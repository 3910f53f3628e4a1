package netfault

import (
	"io"
	"net"
	"testing"
	"time"
)

// benchRoundTrips measures one 64-byte echo round trip per op over c.
func benchRoundTrips(b *testing.B, c net.Conn) {
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirect is the baseline: round trips straight to the echo server.
func BenchmarkDirect(b *testing.B) {
	e := startEcho(b)
	benchRoundTrips(b, dial(b, e.addr()))
}

// BenchmarkProxyPassthrough is the fast path: no fault, io.Copy (splice).
func BenchmarkProxyPassthrough(b *testing.B) {
	e := startEcho(b)
	p := startProxy(b, e.addr())
	benchRoundTrips(b, dial(b, p.Addr()))
}

// BenchmarkProxySlowPath is the slow path with nothing to wait for (an
// unreachable bandwidth cap): the cost of the reader/writer queue alone.
func BenchmarkProxySlowPath(b *testing.B) {
	e := startEcho(b)
	p := startProxy(b, e.addr())
	p.SetBandwidth(1<<40, Both)
	benchRoundTrips(b, dial(b, p.Addr()))
}

// BenchmarkProxyLatency adds 1 ms each way: about 2 ms per round trip.
func BenchmarkProxyLatency(b *testing.B) {
	e := startEcho(b)
	p := startProxy(b, e.addr())
	p.SetLatency(time.Millisecond, 0, Both)
	benchRoundTrips(b, dial(b, p.Addr()))
}

// BenchmarkThroughput streams 1 MiB per op through the echo server.
func BenchmarkThroughput(b *testing.B) {
	for _, bc := range []struct {
		name  string
		setup func(p *Proxy)
	}{
		{"passthrough", func(*Proxy) {}},
		{"latency-5ms", func(p *Proxy) { p.SetLatency(5*time.Millisecond, 0, Both) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := startEcho(b)
			p := startProxy(b, e.addr())
			bc.setup(p)
			c := dial(b, p.Addr())
			const size = 1 << 20
			payload := make([]byte, size)
			buf := make([]byte, size)
			b.SetBytes(size)
			b.ResetTimer()
			for b.Loop() {
				errc := make(chan error, 1)
				go func() { _, err := c.Write(payload); errc <- err }()
				if _, err := io.ReadFull(c, buf); err != nil {
					b.Fatal(err)
				}
				if err := <-errc; err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
