package engine

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// TestFaultTimingChecks: through the real proxy and server, an outage in
// the second phase records its planned and actual start and end from the
// scenario's start; checks read them (faults.*, phase.NAME.faults.*,
// load.NAME.faults.*), one that insists on the impossible fails, and a
// kind without a fault is no data. The JSON events carry the same plan.
func TestFaultTimingChecks(t *testing.T) {
	ping := func(name string, d time.Duration) *plan.Load {
		return &plan.Load{Name: name, Pattern: plan.ConstantRate, Rate: 40, Duration: d, MaxWorkers: 10,
			Steps: []drivers.Step{step("ping")}}
	}
	sc := &plan.Scenario{Name: "fault timing", Driver: "redis", Desc: desc("redis"), Timeout: time.Minute, Tags: []string{},
		Phases: []*plan.Phase{
			{Name: "warm", Pool: redisPool(func(c *redis.Config) { c.PoolTimeout, c.ReadTimeout = time.Second, time.Second }),
				Loads: []*plan.Load{ping("before", 300*time.Millisecond)}},
			{Name: "storm", Loads: []*plan.Load{ping("during", 800*time.Millisecond)},
				Faults: []*plan.Fault{{Kind: faultkind.Outage, After: 200 * time.Millisecond, Duration: 300 * time.Millisecond}}},
		}}
	sc.Checks = []*plan.Check{
		check(t, "counted", `faults.count == 1 && phase.storm.faults.count == 1 && phase.warm.faults.count == 0 && load.during.faults.count == 0`, nil),
		check(t, "planned", `faults.outage.phase == "storm" && faults.outage.planned_start_ms >= 400 && faults.outage.planned_end_ms - faults.outage.planned_start_ms > 299.999 && faults.outage.planned_end_ms - faults.outage.planned_start_ms < 300.001`, nil),
		check(t, "actual", `faults.outage.start_ms >= faults.outage.planned_start_ms && faults.outage.end_ms >= faults.outage.planned_end_ms && faults.outage.late_ms <= faults.late_ms && faults.tolerance_ms == 50`, nil),
		check(t, "impossible", `faults.outage.end_ms < faults.outage.planned_end_ms`, nil),
		check(t, "no pause", `faults.pause.start_ms > 0`, nil),
	}
	sr := runOne(t, sc, "redis")
	mustStatus(t, sr, results.StatusFail)
	want := map[string]struct{ passed, noData bool }{
		"counted": {true, false}, "planned": {true, false}, "actual": {true, false},
		"impossible": {false, false}, "no pause": {false, true},
	}
	for _, c := range sr.Checks {
		if w := want[c.Name]; c.Passed != w.passed || c.NoData != w.noData {
			t.Errorf("check %q: passed %v no data %v (%s), want %v %v", c.Name, c.Passed, c.NoData, c.Message, w.passed, w.noData)
		}
	}

	f := sr.Result.Faults
	out, ok := f.Kinds[faultkind.Outage]
	if !ok || out.StartMs == nil || out.EndMs == nil || out.PlannedEndMs == nil {
		t.Fatalf("faults = %+v, want the outage with its start and end", f)
	}
	late := math.Max(*out.StartMs-out.PlannedStartMs, *out.EndMs-*out.PlannedEndMs)
	if math.Abs(out.LateMs-late) > 1e-9 || (f.Late == 1) != (late > f.ToleranceMs) {
		t.Errorf("late_ms %v, late %d; want %v from the offsets", out.LateMs, f.Late, late)
	}
	var timed int
	for _, ev := range sr.Faults {
		if ev.PlannedMs == nil {
			continue
		}
		timed++
		planned := out.PlannedStartMs
		if ev.What == "end" {
			planned = *out.PlannedEndMs
		}
		if *ev.PlannedMs != planned || math.Abs(*ev.LateMs-math.Max(ev.AtMs-planned, 0)) > 1e-9 {
			t.Errorf("event %+v: planned %v late %v, want planned %v and late at_ms - planned", ev, *ev.PlannedMs, *ev.LateMs, planned)
		}
	}
	if timed != 2 {
		t.Errorf("%d timed events in %+v, want the outage's start and end", timed, sr.Faults)
	}
}

// TestLoadStartsOnThePhaseClock: a load starts at its phase's start plus
// start_after, the origin its phase's faults count from, not when its
// goroutine got to run.
func TestLoadStartsOnThePhaseClock(t *testing.T) {
	origin := time.Now().Add(-time.Hour) // a phase start long past: the goroutine is "late"
	lr := &loadRun{sc: &scenarioRun{}, origin: origin,
		load: &plan.Load{Name: "l", Pattern: "none", StartAfter: 250 * time.Millisecond}}
	lr.run(context.Background(), context.Background())
	if want := origin.Add(250 * time.Millisecond); !lr.started.Equal(want) {
		t.Errorf("load started at %v, want the phase start + start_after %v", lr.started, want)
	}
}
