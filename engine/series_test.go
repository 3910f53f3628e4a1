package engine

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// collect is a series.Sink that keeps a copy of every event's record.
type collect struct {
	mu     sync.Mutex
	events []series.Event
	recs   []results.Interval
	hist   []int64 // the event's latency histogram count, read during the call
}

func (c *collect) Interval(ev *series.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, *ev)
	c.recs = append(c.recs, *ev.Record)
	c.hist = append(c.hist, ev.Latency.TotalCount())
}

func sumOps(recs []results.Interval) (ops results.Ops, latency int64) {
	for _, r := range recs {
		ops.Total += r.Ops.Total
		ops.OK += r.Ops.OK
		ops.Failed += r.Ops.Failed
		ops.Dropped += r.Ops.Dropped
		latency += r.Latency.Count
	}
	return ops, latency
}

func deref(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// TestSeriesAddsUpAndSingleLoadIsExact: a steady rate over 3 s gives one
// record per second (the last one running to the end, not a sliver), the
// records' counts add up to the totals exactly, the sink hears every
// record with the interval's own histogram, and a scenario of a single
// load reports the same counters for the load and the scenario (both
// measured at exact pool samples, not read from sampling ticks).
func TestSeriesAddsUpAndSingleLoadIsExact(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	for _, c := range []struct {
		driver string
		pool   *plan.Pool
		step   drivers.Step
	}{
		{"postgres", pgPool(nil), query("SELECT 1")},
		{"redis", redisPool(nil), step("ping")},
	} {
		t.Run(c.driver, func(t *testing.T) {
			sc := scenario("series_"+c.driver, c.driver, c.pool, &plan.Load{
				Name: "only", Pattern: plan.ConstantRate, Rate: 200, Duration: 3 * time.Second, MaxWorkers: 20,
				Steps: []drivers.Step{c.step},
			})
			sc.Checks = []*plan.Check{check(t, "generator", "lateness.p99 < 1000 && load.only.lateness.count == ops.ok + ops.failed", nil)}
			sink := &collect{}
			r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}},
				Options{Targets: targets, Series: sink, Interval: time.Second})
			sr := r.Scenarios[0]
			mustStatus(t, sr, results.StatusPass)
			top, load := sr.Result, sr.Result.Loads["only"]
			if n := len(top.Series); n != 3 {
				t.Fatalf("%d scenario records for 3 s at 1 s, want 3: %+v", n, top.Series)
			}
			for i, rec := range top.Series {
				if want := top.StartMs + float64(i)*1000; math.Abs(rec.TMs-want) > 300 {
					t.Errorf("record %d at t_ms %.1f, want about %.0f", i, rec.TMs, want)
				}
				if rec.Duration < 600 || rec.Duration > 1800 {
					t.Errorf("record %d lasts %.1f ms, want about 1000", i, rec.Duration)
				}
				if rec.Ops.OK == 0 || rec.Latency.Count != rec.Ops.OK+rec.Ops.Failed {
					t.Errorf("record %d: ops %+v, latency count %d", i, rec.Ops, rec.Latency.Count)
				}
			}
			for name, part := range map[string]*results.Result{"scenario": top, "load": load} {
				ops, lat := sumOps(part.Series)
				if ops != part.Ops || lat != part.Latency.Count {
					t.Errorf("%s: records add up to %+v (latency %d), totals %+v (latency %d)", name, ops, lat, part.Ops, part.Latency.Count)
				}
			}
			if top.Ops != load.Ops || top.Latency.Count != load.Latency.Count {
				t.Errorf("single load: load ops %+v, scenario ops %+v", load.Ops, top.Ops)
			}
			for _, f := range []struct {
				name       string
				load, scen *int64
			}{
				{"new_conns", load.Pool.NewConns, top.Pool.NewConns},
				{"acquire_count", load.Pool.AcquireCount, top.Pool.AcquireCount},
				{"hits", load.Pool.Hits, top.Pool.Hits},
				{"misses", load.Pool.Misses, top.Pool.Misses},
			} {
				if deref(f.load) != deref(f.scen) {
					t.Errorf("single load: load pool.%s = %d, scenario %d", f.name, deref(f.load), deref(f.scen))
				}
			}
			if c.driver == "postgres" && deref(load.Pool.AcquireCount) != load.Ops.OK {
				t.Errorf("load pool.acquire_count = %d, want one per iteration (%d)", deref(load.Pool.AcquireCount), load.Ops.OK)
			}
			if top.Lateness.Count != top.Ops.OK+top.Ops.Failed {
				t.Errorf("lateness count %d, want one per dispatched iteration (%d)", top.Lateness.Count, top.Ops.OK+top.Ops.Failed)
			}
			// The sink: per interval, the load's record, then the scenario's.
			var levels []string
			for i, ev := range sink.events {
				levels = append(levels, ev.Level)
				if sink.hist[i] != sink.recs[i].Latency.Count {
					t.Errorf("event %d: histogram count %d, record latency count %d", i, sink.hist[i], sink.recs[i].Latency.Count)
				}
				if ev.Scenario != sc.Name || ev.RunID == "" || !ev.End.After(ev.Start) {
					t.Errorf("event %d: %+v", i, ev)
				}
			}
			want := []string{"load", "scenario", "load", "scenario", "load", "scenario"}
			if len(levels) != len(want) {
				t.Fatalf("event levels %v, want %v", levels, want)
			}
			for i := range want {
				if levels[i] != want[i] {
					t.Fatalf("event levels %v, want %v", levels, want)
				}
			}
		})
	}
}

// TestSeriesPlacesAnOutage: failures of an outage in the middle of a
// steady rate sit in the records that overlap it, and nowhere before.
func TestSeriesPlacesAnOutage(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	sc := scenario("series_outage", "redis", redisPool(func(c *redis.Config) {
		c.DialTimeout = 200 * time.Millisecond
		c.ReadTimeout = 200 * time.Millisecond
		c.WriteTimeout = 200 * time.Millisecond
	}), &plan.Load{
		Name: "steady", Pattern: plan.ConstantRate, Rate: 100, Duration: 5 * time.Second, MaxWorkers: 50,
		Steps: []drivers.Step{step("ping")},
	})
	sc.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Outage, After: 2 * time.Second, Duration: time.Second}}
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}},
		Options{Targets: targets, Interval: 500 * time.Millisecond})
	sr := r.Scenarios[0]
	top := sr.Result
	if top.Ops.Failed == 0 {
		t.Fatalf("the outage failed nothing: %+v", top.Ops)
	}
	var failedIn []float64
	for _, rec := range top.Series {
		rel := rec.TMs - top.StartMs
		if rec.Ops.Failed > 0 {
			failedIn = append(failedIn, rel)
			// The outage runs 2000..3000 ms (timeouts may end up to 200 ms after).
			if rel+rec.Duration < 2000 || rel > 3500 {
				t.Errorf("%d failures in the record at +%.0f ms (%.0f ms long), outside the outage", rec.Ops.Failed, rel, rec.Duration)
			}
		}
	}
	if n := len(top.Series); n < 9 || n > 11 {
		t.Errorf("%d records for 5 s at 500 ms, want 10", n)
	}
	ops, _ := sumOps(top.Series)
	if ops != top.Ops {
		t.Errorf("records add up to %+v, totals %+v", ops, top.Ops)
	}
	t.Logf("failures in the records at %v ms", failedIn)
}

// TestWindowedCheckAborts: a windowed check with abort = true that fails
// stops a 10 s scenario right after its first failing window (an outage
// from +2s), marks it failed and says which check and window did it; the
// whole-run check is still judged.
func TestWindowedCheckAborts(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	sc := scenario("series_abort", "redis", redisPool(func(c *redis.Config) {
		c.DialTimeout = 200 * time.Millisecond
		c.ReadTimeout = 200 * time.Millisecond
	}), &plan.Load{
		Name: "steady", Pattern: plan.ConstantRate, Rate: 100, Duration: 10 * time.Second, MaxWorkers: 50,
		Steps: []drivers.Step{step("ping")},
	})
	sc.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Outage, After: 2 * time.Second, Duration: 5 * time.Second}}
	windowed := check(t, "no errors in any second", "error_rate < 0.01", nil)
	windowed.Window, windowed.Abort = time.Second, true
	sc.Checks = []*plan.Check{check(t, "some ok", "ops.ok > 0", nil), windowed}
	start := time.Now()
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{
		Targets: targets,
		Windows: func(sc *plan.Scenario, iv time.Duration) WindowJudge { return checks.NewWindows(sc, iv) },
	})
	took := time.Since(start)
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusFail)
	if sr.Aborted == nil || sr.Aborted.Check != "no errors in any second" {
		t.Fatalf("aborted = %+v, want the windowed check", sr.Aborted)
	}
	// The first failing window is the one the outage (+2s) begins in;
	// the scenario stops at its end, not at +10s.
	w := sr.Checks[1].Window
	if w == nil || w.TMs != sr.Aborted.WindowMs || w.TMs+w.DurationMs < 2000 || w.TMs > 3500 || sr.Aborted.AtMs > 5000 {
		t.Errorf("aborted %+v, window %+v: want the window the outage began in and the stop soon after", sr.Aborted, w)
	}
	if took > 8*time.Second {
		t.Errorf("the run took %s: the abort did not stop the 10 s scenario", took)
	}
	if !sr.Checks[0].Passed || sr.Checks[1].Passed {
		t.Errorf("checks %+v: want the whole-run check passed and the windowed one failed with its window", sr.Checks)
	}
	if len(sr.Errors) != 0 {
		t.Errorf("an abort is a failed check, not an error: %v", sr.Errors)
	}
}
