package metrics

import (
	"testing"
	"time"
)

// Every iteration lands in exactly one window, and a part's totals built
// from its windows equal what the recorder counted.
func TestWindowsAddUpToTheTotal(t *testing.T) {
	r := NewRecorder(Options{})
	total := NewRecorder(Options{})
	spare := NewWindow(false)
	var sums [3]int64
	var latCount int64
	for round := range 5 {
		for i := range round + 1 {
			r.OK(time.Duration(i+1)*time.Millisecond, 0)
		}
		r.Fail(KindOther, time.Millisecond, 0)
		r.Drop()
		r.Late(time.Duration(round) * time.Millisecond)
		w := r.TakeWindow(spare)
		if w.OK != int64(round+1) || w.Failed != 1 || w.Dropped != 1 {
			t.Fatalf("round %d: window counts %d/%d/%d", round, w.OK, w.Failed, w.Dropped)
		}
		if n := w.Latency.TotalCount(); n != int64(round+2) {
			t.Fatalf("round %d: window latency count %d, want %d", round, n, round+2)
		}
		if w.Lateness == nil || w.Lateness.TotalCount() != 1 {
			t.Fatalf("round %d: window lateness %v", round, w.Lateness)
		}
		sums[0] += w.OK
		sums[1] += w.Failed
		sums[2] += w.Dropped
		latCount += w.Latency.TotalCount()
		total.AddWindow(w)
		w.Reset()
		spare = w
	}
	// A last, untaken window merges in too.
	r.OK(time.Millisecond, 0)
	Merge(total, r)
	ops := total.Ops()
	if want := sums[0] + 1; ops.OK != want || ops.Failed != sums[1] || ops.Dropped != sums[2] {
		t.Fatalf("total ops %+v, want ok %d failed %d dropped %d", ops, want, sums[1], sums[2])
	}
	if got := r.Ops(); got != ops {
		t.Fatalf("recorder counted %+v, windows and remainder %+v", got, ops)
	}
	if n := total.cur.Latency.TotalCount(); n != latCount+1 {
		t.Fatalf("total latency count %d, want %d", n, latCount+1)
	}
	if n := total.Lateness().TotalCount(); n != 5 {
		t.Fatalf("total lateness count %d, want 5", n)
	}
}

// Recording into a reused window allocates nothing: the spare keeps its
// histograms.
func TestWindowReuseAllocatesNothing(t *testing.T) {
	r := NewRecorder(Options{AcquireReported: true})
	spare := NewWindow(true)
	r.Late(time.Millisecond)
	w := r.TakeWindow(spare)
	w.Reset()
	w.Lateness = NewHistogram()
	spare = w
	allocs := testing.AllocsPerRun(100, func() {
		r.OK(time.Millisecond, time.Microsecond)
		r.Late(time.Millisecond)
		w := r.TakeWindow(spare)
		w.Reset()
		spare = w
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per recorded and taken window, want 0", allocs)
	}
}
