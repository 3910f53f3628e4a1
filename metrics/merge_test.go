package metrics

import (
	"testing"
	"time"

	"github.com/stressql/stressql/results"
)

func TestMerge(t *testing.T) {
	t.Parallel()
	a, b := NewRecorder(Options{}), NewRecorder(Options{})
	timeout := kind(t, "timeout")
	for i := 1; i <= 100; i++ {
		a.OK(time.Duration(i)*time.Millisecond, time.Duration(i)*time.Microsecond)
	}
	for i := 101; i <= 200; i++ {
		b.OK(time.Duration(i)*time.Millisecond, 0)
	}
	b.Fail(timeout, time.Second, 0)
	b.Drop()

	dst := NewRecorder(Options{})
	Merge(dst, a)
	Merge(dst, b)

	want := results.Ops{Total: 202, OK: 200, Failed: 1, Dropped: 1}
	if got := dst.Ops(); got != want {
		t.Errorf("Ops() = %+v, want %+v", got, want)
	}
	if dst.cur.Errors[timeout] != 1 {
		t.Errorf("timeout = %d, want 1", dst.cur.Errors[timeout])
	}
	lat := Summary(dst.cur.Latency)
	if lat.Count != 201 {
		t.Errorf("latency count = %d, want 201", lat.Count)
	}
	if !within(lat.P50, 101, 0.001) || !within(lat.Max, 1000, 0.001) || !within(lat.Min, 1, 0.001) {
		t.Errorf("latency p50, min, max = %v, %v, %v; want 101, 1, 1000", lat.P50, lat.Min, lat.Max)
	}
	if n := Summary(dst.Acquire()).Count; n != 100 {
		t.Errorf("acquire count = %d, want 100", n)
	}
	// Merge leaves src as it was.
	if a.Ops().OK != 100 || a.cur.Latency.TotalCount() != 100 {
		t.Errorf("src changed by Merge: %+v", a.Ops())
	}
}

func TestMergeLiveBuckets(t *testing.T) {
	t.Parallel()
	a, b := NewRecorder(Options{}), NewRecorder(Options{})
	for range 90 {
		a.OK(time.Millisecond, 0)
	}
	for range 10 {
		b.OK(100*time.Millisecond, 0)
	}
	live := NewLive()
	dst := NewRecorder(Options{Live: live})
	Merge(dst, a)
	Merge(dst, b)
	s := live.Snapshot()
	if s.OK != 100 {
		t.Errorf("live OK = %d, want 100", s.OK)
	}
	if !within(float64(s.P95), float64(100*time.Millisecond), 0.07) {
		t.Errorf("live P95 = %v, want about 100ms", s.P95)
	}
}
