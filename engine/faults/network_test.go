package faults

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/netfault"
	"github.com/stressql/stressql/plan"
)

func TestDesired(t *testing.T) {
	ms := time.Millisecond
	lat := func(d time.Duration, dir plan.Direction) *plan.Fault {
		return &plan.Fault{Kind: faultkind.Latency, Delay: d, Jitter: d / 10, Direction: dir}
	}
	bw := &plan.Fault{Kind: faultkind.Bandwidth, KBps: 64, Direction: plan.Both}
	reset := &plan.Fault{Kind: faultkind.Reset, Probability: 0.25}
	stall := &plan.Fault{Kind: faultkind.Timeout}
	perReq := &plan.Fault{Kind: faultkind.Reset, Probability: 0.3, Per: faultkind.PerRequest, SpareReqs: 3}
	tests := []struct {
		name   string
		faults []*plan.Fault
		active []int
		want   netState
	}{
		{"nothing", []*plan.Fault{lat(50*ms, plan.Downstream)}, nil, netState{}},
		{"latency downstream", []*plan.Fault{lat(50*ms, plan.Downstream)}, []int{0},
			netState{delay: [2]time.Duration{0, 50 * ms}, jitter: [2]time.Duration{0, 5 * ms}}},
		{"latency upstream", []*plan.Fault{lat(50*ms, plan.Upstream)}, []int{0},
			netState{delay: [2]time.Duration{50 * ms, 0}, jitter: [2]time.Duration{5 * ms, 0}}},
		{"the later latency wins", []*plan.Fault{lat(50*ms, plan.Both), lat(20*ms, plan.Downstream)}, []int{0, 1},
			netState{delay: [2]time.Duration{50 * ms, 20 * ms}, jitter: [2]time.Duration{5 * ms, 2 * ms}}},
		{"the earlier one again when the later ends", []*plan.Fault{lat(50*ms, plan.Both), lat(20*ms, plan.Downstream)}, []int{0},
			netState{delay: [2]time.Duration{50 * ms, 50 * ms}, jitter: [2]time.Duration{5 * ms, 5 * ms}}},
		{"kinds add up", []*plan.Fault{bw, reset, stall, lat(10*ms, plan.Downstream)}, []int{0, 1, 2, 3},
			netState{kbps: [2]int64{64, 64}, resetP: 0.25, stall: true,
				delay: [2]time.Duration{0, 10 * ms}, jitter: [2]time.Duration{0, ms}}},
		{"a per-request reset is its own setting", []*plan.Fault{perReq}, []int{0},
			netState{resetReqP: 0.3, spareReqs: 3}},
		{"both resets at once", []*plan.Fault{reset, perReq}, []int{0, 1},
			netState{resetP: 0.25, resetReqP: 0.3, spareReqs: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := desired(tt.faults, tt.active); got != tt.want {
				t.Fatalf("desired = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// echo starts a TCP echo server on 127.0.0.1 for the test.
func echo(t *testing.T) string {
	t.Helper()
	return testenv.Listen(t, func(c net.Conn) { _, _ = io.Copy(c, c) })
}

func proxy(t *testing.T) *netfault.Proxy {
	t.Helper()
	p, err := netfault.Listen(echo(t))
	if err != nil {
		t.Fatalf("netfault.Listen: %v", err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// rtt dials addr and times one echoed byte.
func rtt(addr string) (time.Duration, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	begin := time.Now()
	if _, err := c.Write([]byte{1}); err != nil {
		return 0, err
	}
	if _, err := c.Read(make([]byte, 1)); err != nil {
		return 0, err
	}
	return time.Since(begin), nil
}

func TestLatencyOnTheProxy(t *testing.T) {
	const delay = 80 * time.Millisecond
	p := proxy(t)
	f := &plan.Fault{Kind: faultkind.Latency, Delay: delay, Duration: time.Second, Direction: plan.Downstream}
	tl := Start(context.Background(), []*plan.Fault{f}, Controls{Proxy: p}, time.Now())
	defer tl.Stop()
	if d, err := rtt(p.Addr()); err != nil || d < delay {
		t.Fatalf("round trip during the latency fault = %v, %v; want >= %v", d, err, delay)
	}
	if !eventually(5*time.Second, func() bool { d, err := rtt(p.Addr()); return err == nil && d < delay/2 }) {
		t.Fatal("the latency stayed after its window")
	}
	if ev := tl.Events(); len(ev) != 2 || ev[0].What != "start: 80ms downstream" || ev[1].What != "end" {
		t.Fatalf("events = %+v", ev)
	}
}

func TestStopClearsProxyFaults(t *testing.T) {
	const delay = 80 * time.Millisecond
	p := proxy(t)
	faults := []*plan.Fault{
		{Kind: faultkind.Latency, Delay: delay, Direction: plan.Both},
		{Kind: faultkind.Outage, After: 20 * time.Millisecond},
	}
	tl := Start(context.Background(), faults, Controls{Proxy: p}, time.Now())
	if !eventually(5*time.Second, func() bool { return len(tl.Events()) == 2 }) {
		t.Fatalf("events = %+v, want latency and outage started", tl.Events())
	}
	if _, err := rtt(p.Addr()); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial during the outage: %v, want connection refused", err)
	}
	tl.Stop()
	if d, err := rtt(p.Addr()); err != nil || d >= delay {
		t.Fatalf("round trip after Stop = %v, %v; want < %v", d, err, delay)
	}
	if _, ok := tl.RecoveryFrom(); ok {
		t.Fatal("an outage cut short by Stop set a recovery point")
	}
}

func TestOutageRecovery(t *testing.T) {
	const after, duration = 20 * time.Millisecond, 80 * time.Millisecond
	p := proxy(t)
	start := time.Now()
	f := &plan.Fault{Kind: faultkind.Outage, After: after, Duration: duration}
	tl := Start(context.Background(), []*plan.Fault{f}, Controls{Proxy: p}, start)
	defer tl.Stop()
	if !eventually(5*time.Second, func() bool { _, err := rtt(p.Addr()); return errors.Is(err, syscall.ECONNREFUSED) }) {
		t.Fatal("the outage never refused a connection")
	}
	if !eventually(5*time.Second, func() bool { _, ok := tl.RecoveryFrom(); return ok }) {
		t.Fatal("the outage never ended")
	}
	if _, err := rtt(p.Addr()); err != nil {
		t.Fatalf("round trip after the outage: %v", err)
	}
	from, _ := tl.RecoveryFrom()
	if got := from.Sub(start); got < after+duration {
		t.Fatalf("recovery from %v after the start, want >= %v", got, after+duration)
	}
}

// TestOverlappingOutages: the proxy comes back when the last one ends.
func TestOverlappingOutages(t *testing.T) {
	p := proxy(t)
	start := time.Now()
	faults := []*plan.Fault{
		{Kind: faultkind.Outage, Duration: 40 * time.Millisecond},
		{Kind: faultkind.Outage, After: 20 * time.Millisecond, Duration: 80 * time.Millisecond},
	}
	tl := Start(context.Background(), faults, Controls{Proxy: p}, start)
	defer tl.Stop()
	if !eventually(5*time.Second, func() bool { _, ok := tl.RecoveryFrom(); return ok }) {
		t.Fatal("the outages never ended")
	}
	from, _ := tl.RecoveryFrom()
	if got := from.Sub(start); got < 100*time.Millisecond {
		t.Fatalf("recovered %v after the start, want >= 100ms (the end of the second outage)", got)
	}
	for _, ev := range tl.Events() {
		if ev.Err != nil {
			t.Fatalf("event %+v", ev)
		}
	}
}

// TestResetRequestsOnTheProxy: a per-request reset fault reaches the proxy
// as such: a new connection opens and its spared first request is answered,
// the next one is reset, and the proxy counts a request reset, not a
// connection reset; the start event says what it does.
func TestResetRequestsOnTheProxy(t *testing.T) {
	p := proxy(t)
	f := &plan.Fault{Kind: faultkind.Reset, Probability: 1, Per: faultkind.PerRequest, SpareReqs: 1}
	tl := Start(context.Background(), []*plan.Fault{f}, Controls{Proxy: p}, time.Now())
	defer tl.Stop()
	if !eventually(5*time.Second, func() bool { return len(tl.Events()) == 1 }) {
		t.Fatalf("events = %+v, want the reset started", tl.Events())
	}
	c, err := net.DialTimeout("tcp", p.Addr(), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 1)
	if _, err := c.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(buf); err != nil {
		t.Fatalf("the spared first request: %v", err)
	}
	if _, err := c.Write([]byte{2}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(buf); !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("the second request: %v, want a reset", err)
	}
	if s := p.Stats(); s.ResetRequests != 1 || s.Reset != 0 {
		t.Fatalf("proxy stats %+v: want 1 request reset, no connection reset", s)
	}
	want := "start: 100% of requests on open connections reset (the first 1 of each connection spared)"
	if ev := tl.Events(); ev[0].What != want {
		t.Fatalf("start event %q, want %q", ev[0].What, want)
	}
}
