package metrics

import (
	"math"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/results"
)

func kind(t *testing.T, name string) int {
	t.Helper()
	i, ok := KindIndex(name)
	if !ok {
		t.Fatalf("no error kind %q", name)
	}
	return i
}

func TestRecorderCounts(t *testing.T) {
	t.Parallel()
	r := NewRecorder(Options{})
	for range 7 {
		r.OK(2*time.Millisecond, 0)
	}
	r.Fail(kind(t, "timeout"), 5*time.Millisecond, 0)
	r.Fail(kind(t, "timeout"), 5*time.Millisecond, 0)
	r.Fail(kind(t, "refused"), time.Millisecond, 0)
	r.Fail(99, time.Millisecond, 0) // unknown index -> other
	r.Fail(-1, time.Millisecond, 0) // unknown index -> other
	r.Drop()

	want := results.Ops{Total: 13, OK: 7, Failed: 5, Dropped: 1}
	if got := r.Ops(); got != want {
		t.Errorf("Ops() = %+v, want %+v", got, want)
	}
	for _, tc := range []struct {
		kind string
		want int64
	}{
		{"timeout", 2},
		{"refused", 1},
		{"other", 2},
		{"acquire_timeout", 0},
	} {
		if got := r.cur.Errors[kind(t, tc.kind)]; got != tc.want {
			t.Errorf("errors[%s] = %d, want %d", tc.kind, got, tc.want)
		}
	}
	// Dropped iterations have no latency; ok and failed ones do.
	if n := r.cur.Latency.TotalCount(); n != 12 {
		t.Errorf("latency count = %d, want 12", n)
	}
}

func TestRecorderAcquire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		reported  bool
		waits     []time.Duration
		want      int64
		allocated bool // the acquire histogram exists
	}{
		{"only waits above zero", false, []time.Duration{0, time.Millisecond, 0, 2 * time.Millisecond}, 2, true},
		{"reported: zeros count", true, []time.Duration{0, time.Millisecond, 0}, 3, true},
		{"driver cannot tell: no data, no histogram", false, []time.Duration{0, 0}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewRecorder(Options{AcquireReported: tc.reported})
			for _, w := range tc.waits {
				r.OK(3*time.Millisecond, w)
			}
			if got := Summary(r.Acquire()).Count; got != tc.want {
				t.Errorf("acquire count = %d, want %d", got, tc.want)
			}
			if got := r.cur.Acquire != nil; got != tc.allocated {
				t.Errorf("acquire histogram allocated = %v, want %v", got, tc.allocated)
			}
			// Merged both ways with a recorder that has none.
			into := NewRecorder(Options{})
			Merge(into, r)
			Merge(into, NewRecorder(Options{}))
			if got := Summary(into.Acquire()).Count; got != tc.want {
				t.Errorf("merged acquire count = %d, want %d", got, tc.want)
			}
			if h, err := into.Histograms(); err != nil || h["acquire"] == "" {
				t.Errorf("Histograms() = %v, %v; want an acquire histogram, empty or not", h, err)
			}
		})
	}
}

func TestRecorderClamping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		latency time.Duration
		wantMs  float64 // recorded value, ms
	}{
		{"in range", 1500 * time.Microsecond, 1.5},
		{"lowest", time.Microsecond, 0.001},
		{"below a microsecond", 300 * time.Nanosecond, 0.001},
		{"negative", -time.Second, 0.001},
		{"above ten minutes", time.Hour, 600_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewRecorder(Options{})
			r.OK(tc.latency, 0)
			s := Summary(r.cur.Latency)
			if s.Count != 1 {
				t.Fatalf("count = %d, want 1", s.Count)
			}
			if !within(s.Max, tc.wantMs, 0.001) {
				t.Errorf("recorded %v ms, want %v ms", s.Max, tc.wantMs)
			}
		})
	}
}

// within reports whether got is within rel (relative) of want.
func within(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func TestRecordDoesNotAllocate(t *testing.T) {
	m := &Mark{}
	m.Set(time.Now().Add(-time.Second))
	r := NewRecorder(Options{Live: NewLive(), Mark: m, AcquireReported: true})
	timeout := kind(t, "timeout")
	lat := time.Duration(0)
	allocs := testing.AllocsPerRun(1000, func() {
		lat += 37 * time.Microsecond
		r.OK(lat, lat/3)
		r.Fail(timeout, lat, 0)
		r.Drop()
	})
	if allocs != 0 {
		t.Errorf("recording allocates %.1f times per run, want 0", allocs)
	}
}

func BenchmarkRecord(b *testing.B) {
	r := NewRecorder(Options{Live: NewLive(), Mark: &Mark{}})
	b.ReportAllocs()
	var lat time.Duration
	for b.Loop() {
		lat = (lat + 7919*time.Microsecond) % time.Second
		r.OK(lat, 0)
	}
}

// BenchmarkRecordParallel records from every processor at once, each
// goroutine into its own recorder, the recorders made one after another
// as the engine makes its shards. Scaling as it should, its ns/op is
// BenchmarkRecord's divided by GOMAXPROCS; above that, the recorders
// share written cache lines.
func BenchmarkRecordParallel(b *testing.B) {
	live := NewLive()
	recs := make([]*Recorder, runtime.GOMAXPROCS(0))
	for i := range recs {
		recs[i] = NewRecorder(Options{Live: live})
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := recs[int(next.Add(1)-1)%len(recs)]
		var lat time.Duration
		for pb.Next() {
			lat = (lat + 7919*time.Microsecond) % (3 * time.Millisecond)
			r.OK(lat, 0)
		}
	})
}
