package engine

import (
	"runtime"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
)

// seriesHeap runs the series of a one-load scenario for n intervals of 1 s
// on a synthetic clock (no waiting): every interval records 1000
// iterations and the sampler's ten pool and process samples, as a real
// run at the default --sample-interval would, and is cut. It returns the
// heap the series keeps, in bytes.
func seriesHeap(t testing.TB, n int) uint64 {
	lr := testLoad(&plan.Load{Pattern: plan.ConstantRate, Rate: 1000, Duration: time.Duration(n) * time.Second, MaxWorkers: 8}, noopOp{})
	s := lr.sc
	s.samp = newSampler(DefaultSampleInterval)
	s.samp.measures = []string{"hits", "misses", "timeouts", "stale_conns", "reuse_ratio"}
	s.ser = &seriesState{interval: time.Second}
	s.started = time.Unix(1_800_000_000, 0)
	pr := &phaseRun{ph: &plan.Phase{Name: "steady", Loads: []*plan.Load{lr.load}}, loads: []*loadRun{lr}, ran: true, from: s.started}
	lr.ser = &loadSeries{total: metrics.NewRecorder(metrics.Options{}), agg: metrics.NewWindow(false)}
	pr.ser = &phaseSeries{lastCut: pr.from, pending: metrics.NewWindow(false)}
	lr.ran, lr.started = true, pr.from
	w := lr.newWorker(0)
	proc := metrics.SampleProcess()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for k := 1; k <= n; k++ {
		for i := range 1000 {
			w.shards.pick().ok(time.Duration(200+i)*time.Microsecond, 0)
		}
		for j := range 10 {
			at := s.started.Add(time.Duration(k-1)*time.Second + time.Duration(j)*DefaultSampleInterval)
			s.samp.total.Add(at, 10)
			s.samp.idle.Add(at, 8)
			s.samp.inUse.Add(at, 2)
			s.samp.server.Add(at, 10)
			s.samp.cnt = append(s.samp.cnt, counterSample{at: at})
			proc.At = at
			s.samp.proc.Add(proc)
		}
		s.cutPhase(pr, s.started.Add(time.Duration(k)*time.Second))
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if got := len(s.ser.records); got != n {
		t.Fatalf("%d scenario records, want %d", got, n)
	}
	runtime.KeepAlive(pr)
	return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
}

// SeriesBytesPerInterval bounds what the series of a one-load scenario
// keeps per interval: its scenario, phase and load records and the
// sampler's ten samples (docs/results.md states it).
const SeriesBytesPerInterval = 16 << 10

// TestSeriesMemoryIsBoundedPerInterval: an hour at 1 s intervals keeps
// what a minute keeps, 60 times over — the series grows linearly with its
// intervals and stays under SeriesBytesPerInterval each (8.2 KB measured,
// see docs/results.md).
func TestSeriesMemoryIsBoundedPerInterval(t *testing.T) {
	minute := seriesHeap(t, 60)
	hour := seriesHeap(t, 3600)
	perInterval := float64(hour) / 3600
	ratio := float64(hour) / float64(minute)
	t.Logf("series heap: 1 minute %d KB, 1 hour %d KB (%.1f × the minute, %.0f bytes per interval)", minute>>10, hour>>10, ratio, perInterval)
	if perInterval > SeriesBytesPerInterval {
		t.Errorf("%.0f bytes per interval, documented bound %d", perInterval, SeriesBytesPerInterval)
	}
	if ratio > 75 {
		t.Errorf("an hour keeps %.1f × what a minute keeps, want about 60 (linear)", ratio)
	}
}

var _ drivers.Op = noopOp{}
