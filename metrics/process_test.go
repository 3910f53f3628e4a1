package metrics

import (
	"math"
	"runtime"
	"testing"
	"time"
)

func TestSampleProcess(t *testing.T) {
	// Sequential test: no parallel test allocates meanwhile; collect
	// earlier tests' garbage so that only the ballast below makes a change.
	runtime.GC()
	before := SampleProcess()
	// Grow the heap by a known amount and keep it alive.
	ballast := make([][]byte, 64)
	for i := range ballast {
		ballast[i] = make([]byte, 1<<20)
	}
	runtime.GC()
	after := SampleProcess()
	runtime.KeepAlive(ballast)

	for _, s := range []ProcessSample{before, after} {
		if s.At.IsZero() {
			t.Error("sample has no time")
		}
		if !(s.RSSMB > 1) || !(s.HeapMB > 0) || !(s.Goroutines >= 1) || !(s.FDs >= 3) {
			t.Errorf("implausible sample %+v", s)
		}
	}
	if grew := after.HeapMB - before.HeapMB; grew < 32 {
		t.Errorf("heap grew %.1f MB after allocating 64 MB", grew)
	}
}

func TestProcessSeries(t *testing.T) {
	t.Parallel()
	t0 := time.Now()
	var p ProcessSeries
	for i, s := range []ProcessSample{
		{RSSMB: 10, HeapMB: 2, Goroutines: 5, FDs: 8},
		{RSSMB: 14, HeapMB: 3, Goroutines: 9, FDs: math.NaN()},
		{RSSMB: 12, HeapMB: 2.5, Goroutines: 6, FDs: 9},
	} {
		s.At = t0.Add(time.Duration(i) * time.Second)
		p.Add(s)
	}
	got := p.Process()
	if got.RSSMB.Growth != 2 || got.RSSMB.Max != 14 || got.Goroutines.Growth != 1 || got.HeapMB.Min != 2 {
		t.Errorf("Process() = %+v", got)
	}
	if got.FDs.Samples != 2 || got.FDs.Growth != 1 {
		t.Errorf("fds skip the NaN sample: %+v", got.FDs)
	}
	first := p.Between(t0, t0.Add(time.Second)).Process()
	if first.RSSMB.Samples != 1 || first.RSSMB.Max != 10 {
		t.Errorf("Between: %+v", first.RSSMB)
	}
}
