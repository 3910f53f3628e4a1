package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// iv describes one synthetic interval of a part: its counts and the
// latencies (ms) of its iterations.
type iv struct {
	ok, failed int64
	latencies  []float64 // ms; one per iteration, or none
	inUse      []float64 // pool.in_use_conns samples
}

// event builds the series event of interval i (1s long, starting at
// i × 1s) of a part, as the engine would: the record's summaries are
// those of its own histograms.
func event(level, name string, i int, x iv) *series.Event {
	h := metrics.NewHistogram()
	for _, ms := range x.latencies {
		if err := h.RecordValue(int64(ms * 1000)); err != nil {
			panic(err)
		}
	}
	rec := &results.Interval{TMs: float64(i) * 1000}
	rec.Ops = results.Ops{Total: x.ok + x.failed, OK: x.ok, Failed: x.failed}
	rec.Duration = 1000
	rec.Errors = map[string]int64{}
	for _, k := range results.ErrorKinds {
		rec.Errors[k] = 0
	}
	rec.Errors["refused"] = x.failed
	if done := x.ok + x.failed; done > 0 {
		rec.ErrorRate = float64(x.failed) / float64(done)
	}
	rec.Throughput = float64(x.ok)
	rec.Latency = metrics.Summary(h)
	var s metrics.Series
	for j, v := range x.inUse {
		s.Add(time.Unix(int64(i), int64(j)), v)
	}
	rec.Pool.InUseConns = s.Gauge()
	ev := &series.Event{Scenario: "s", Level: level, Record: rec, Latency: h,
		Acquire: metrics.NewHistogram(), Lateness: metrics.NewHistogram()}
	switch level {
	case series.LevelLoad:
		ev.Load = name
	case series.LevelPhase:
		ev.Phase = name
	}
	return ev
}

// windowed compiles a windowed check.
func windowed(t *testing.T, name, cond, msg string, window time.Duration, abort bool) *plan.Check {
	t.Helper()
	c, _ := parseCheck(t, name, cond, msg)
	c.Window, c.Abort = window, abort
	return c
}

// scenario is a one-load scenario ("w", in phase "p") with checks.
func scenario(checks ...*plan.Check) *plan.Scenario {
	return &plan.Scenario{Name: "s", Checks: checks,
		Phases: []*plan.Phase{{Name: "p", Loads: []*plan.Load{{Name: "w"}}}}}
}

// feed hands w the scenario events of the intervals, each preceded by the
// same interval's load and phase events, and returns what Interval
// returned after each scenario event.
func feed(w *Windows, intervals []iv) []bool {
	var aborts []bool
	for i, x := range intervals {
		w.Interval(event(series.LevelLoad, "w", i, x))
		w.Interval(event(series.LevelPhase, "p", i, x))
		aborts = append(aborts, w.Interval(event(series.LevelScenario, "", i, x)))
	}
	return aborts
}

func clean(n int) []iv {
	out := make([]iv, n)
	for i := range out {
		out[i] = iv{ok: 10, latencies: []float64{1, 2, 3}}
	}
	return out
}

func TestWindowsFirstFailingWindow(t *testing.T) {
	t.Parallel()
	c := windowed(t, "no errors in any second", "error_rate < 0.01", "", time.Second, false)
	w := NewWindows(scenario(c), time.Second)
	in := clean(6)
	in[3] = iv{ok: 3, failed: 1}
	in[5] = iv{ok: 1, failed: 1}
	feed(w, in)
	got := w.Results()
	if len(got) != 1 {
		t.Fatalf("%d results, want 1", len(got))
	}
	cr := got[0]
	if cr.Passed || cr.NoData {
		t.Errorf("passed = %v, no_data = %v; want a failure", cr.Passed, cr.NoData)
	}
	if cr.Window == nil || *cr.Window != (results.CheckWindow{TMs: 3000, DurationMs: 1000}) {
		t.Errorf("window = %+v, want t_ms 3000, duration_ms 1000", cr.Window)
	}
	if want := "failed in window +3s..+4s: error_rate = 0.25"; cr.Message != want {
		t.Errorf("message = %q, want %q", cr.Message, want)
	}
	if len(cr.Values) != 1 || cr.Values[0].Path != "error_rate" || cr.Values[0].Value != 0.25 {
		t.Errorf("values = %+v, want error_rate = 0.25", cr.Values)
	}
	if cr.Name != c.Name || cr.Condition != c.Condition || cr.Source != "test.hcl:3:3" {
		t.Errorf("identity = %q %q %q", cr.Name, cr.Condition, cr.Source)
	}
}

func TestWindowsErrorMessage(t *testing.T) {
	t.Parallel()
	c := windowed(t, "c", "ops.failed == 0", "${ops.failed} failed", 2*time.Second, false)
	w := NewWindows(scenario(c), time.Second)
	in := clean(4)
	in[3].failed = 2
	feed(w, in)
	if got, want := w.Results()[0].Message, "failed in window +2s..+4s: 2 failed"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestWindowsAbort(t *testing.T) {
	t.Parallel()
	abort := windowed(t, "abort", "error_rate < 0.5", "", time.Second, true)
	keepGoing := windowed(t, "keep going", "error_rate < 0.01", "", time.Second, false)
	in := clean(6)
	in[1] = iv{ok: 9, failed: 1} // fails keep going only
	in[3] = iv{ok: 1, failed: 3} // fails both
	w := NewWindows(scenario(abort, keepGoing), time.Second)
	got := feed(w, in)
	if want := []bool{false, false, false, true, true, true}; !slices.Equal(got, want) {
		t.Errorf("Interval returned %v, want %v", got, want)
	}
	if !w.Aborted() {
		t.Error("Aborted() = false")
	}
	rs := w.Results()
	if rs[0].Window.TMs != 3000 || rs[1].Window.TMs != 1000 {
		t.Errorf("first failing windows at %v and %v, want 3000 and 1000", rs[0].Window.TMs, rs[1].Window.TMs)
	}

	// Without abort = true, no failure aborts.
	w = NewWindows(scenario(keepGoing), time.Second)
	if got := feed(w, in); slices.Contains(got, true) {
		t.Errorf("Interval returned %v for a check without abort", got)
	}
}

func TestWindowsMergeIntervals(t *testing.T) {
	t.Parallel()
	ms := func(v float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	in := []iv{
		{ok: 10, latencies: ms(1, 100), inUse: []float64{1, 2, 3}},
		{ok: 6, failed: 4, latencies: ms(100, 100), inUse: []float64{7, 9}},
	}
	checks := []*plan.Check{
		// 4 of 20 failed over the 2s window; 4 of 10 in its second second.
		windowed(t, "rate over 2s", "error_rate < 0.3", "", 2*time.Second, false),
		windowed(t, "rate per 1s", "error_rate < 0.3", "", time.Second, false),
		// Counts add up; throughput is over the window's 2s.
		windowed(t, "counts", "ops.ok == 16 && ops.failed == 4 && errors.refused == 4 && throughput == 8 && duration == 2000", "", 2*time.Second, false),
		// Percentiles of the merged histogram, not of either interval.
		windowed(t, "latency", "latency.count == 200 && latency.p50 < 2 && latency.p99 > 99 && latency.min < 2", "", 2*time.Second, false),
		// Gauges: over all 5 samples.
		windowed(t, "gauge", "pool.in_use_conns.samples == 5 && pool.in_use_conns.min == 1 && pool.in_use_conns.max == 9 && pool.in_use_conns.mean == 4.4 && pool.in_use_conns.last == 9", "", 2*time.Second, false),
		// load.NAME and phase.NAME are merged from their own events.
		windowed(t, "load and phase", "load.w.ops.ok == 16 && phase.p.latency.count == 200", "", 2*time.Second, false),
	}
	w := NewWindows(scenario(checks...), time.Second)
	feed(w, in)
	rs := w.Results()
	want := map[string]bool{"rate over 2s": true, "rate per 1s": false, "counts": true, "latency": true, "gauge": true, "load and phase": true}
	for _, cr := range rs {
		if cr.Passed != want[cr.Name] {
			t.Errorf("%s: passed = %v, want %v (%s; values %+v)", cr.Name, cr.Passed, want[cr.Name], cr.Message, cr.Values)
		}
	}
	if rs[1].Window == nil || rs[1].Window.TMs != 1000 {
		t.Errorf("rate per 1s failed in %+v, want the window at 1000 ms", rs[1].Window)
	}
}

func TestWindowsPartialLastWindow(t *testing.T) {
	t.Parallel()
	c := windowed(t, "c", "ops.failed == 0", "", 2*time.Second, true)
	w := NewWindows(scenario(c), time.Second)
	in := clean(5)
	in[4].failed = 1
	if got := feed(w, in); slices.Contains(got, true) {
		t.Fatalf("aborted before the partial window was evaluated: %v", got)
	}
	cr := w.Results()[0]
	if cr.Passed || cr.Window == nil || *cr.Window != (results.CheckWindow{TMs: 4000, DurationMs: 1000}) {
		t.Fatalf("result = %+v, want a failure in the 1s window at 4000 ms", cr)
	}
	if want := "failed in window +4s..+5s: ops.failed = 1"; cr.Message != want {
		t.Errorf("message = %q, want %q", cr.Message, want)
	}
	// Results is idempotent: the partial window is not evaluated twice.
	if again := w.Results()[0]; again.Message != cr.Message {
		t.Errorf("second Results: %q", again.Message)
	}
}

func TestWindowsNoData(t *testing.T) {
	t.Parallel()
	c := windowed(t, "p99", "latency.p99 < 10", "", time.Second, true)

	// Windows without data are not failures.
	w := NewWindows(scenario(c), time.Second)
	in := []iv{{}, {ok: 3, latencies: []float64{1, 2, 3}}, {}}
	if got := feed(w, in); slices.Contains(got, true) {
		t.Errorf("a window without data aborted: %v", got)
	}
	if cr := w.Results()[0]; !cr.Passed || cr.NoData || cr.Window != nil {
		t.Errorf("result = %+v, want passed", cr)
	}

	// No window with data: no data, as a whole-run check.
	w = NewWindows(scenario(c), time.Second)
	feed(w, []iv{{}, {ok: 0, failed: 0}})
	cr := w.Results()[0]
	if cr.Passed || !cr.NoData {
		t.Errorf("passed = %v, no_data = %v; want no data", cr.Passed, cr.NoData)
	}
	if want := "no data in any window: no data for latency.p99"; cr.Message != want {
		t.Errorf("message = %q, want %q", cr.Message, want)
	}

	// No interval at all.
	w = NewWindows(scenario(c), time.Second)
	cr = w.Results()[0]
	if cr.Passed || !cr.NoData || !strings.HasPrefix(cr.Message, "no data") {
		t.Errorf("without intervals: %+v", cr)
	}
}

// TestEvaluateAllOrder: whole-run and windowed checks come back in the
// plan's order; Evaluate (no windows) gives windowed checks no data.
func TestEvaluateAllOrder(t *testing.T) {
	t.Parallel()
	whole1, _ := parseCheck(t, "whole 1", "ops.ok > 0", "")
	win := windowed(t, "windowed", "error_rate < 0.01", "", time.Second, false)
	whole2, _ := parseCheck(t, "whole 2", "ops.failed == 0", "")
	sc := scenario(whole1, win, whole2)
	w := NewWindows(sc, time.Second)
	in := clean(2)
	in[1].failed = 5
	feed(w, in)
	r := &results.Result{Ops: results.Ops{Total: 25, OK: 20, Failed: 5}, Duration: 2000}

	got := EvaluateAll(sc, r, w)
	var names []string
	for _, cr := range got {
		names = append(names, cr.Name)
	}
	if want := []string{"whole 1", "windowed", "whole 2"}; !slices.Equal(names, want) {
		t.Fatalf("order = %v, want %v", names, want)
	}
	if !got[0].Passed || got[1].Passed || got[1].Window == nil || got[2].Passed || got[2].Window != nil {
		t.Errorf("results = %+v", got)
	}

	got = Evaluate(sc, r)
	if len(got) != 3 || got[1].Passed || !got[1].NoData || got[1].Window != nil {
		t.Errorf("Evaluate without windows: %+v", got[1])
	}
}

// The histograms of an event are only valid during the call: Windows
// copies what it keeps.
func TestWindowsCopiesHistograms(t *testing.T) {
	t.Parallel()
	c := windowed(t, "c", "latency.max < 50", "", 2*time.Second, false)
	w := NewWindows(scenario(c), time.Second)
	for i := range 2 {
		ev := event(series.LevelScenario, "", i, iv{ok: 1, latencies: []float64{float64(1 + 99*i)}})
		w.Interval(ev)
		ev.Latency.Reset() // the engine reuses it
	}
	if cr := w.Results()[0]; cr.Passed {
		t.Errorf("latency.max < 50 passed over a window with a 100 ms iteration: %+v", cr.Values)
	}
}
