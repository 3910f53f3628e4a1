package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// Iterations in flight when a scenario's work ends (its timeout, or the
// grace period after an interrupt) are counted: failed, kind timeout,
// with the latency they had.

// blockOp waits for ctx and fails with what a driver may make of the
// cancellation: here a server's message, not a context error.
var blockOp = funcOp(func(ctx context.Context, _ *drivers.WorkerState) error {
	<-ctx.Done()
	return errors.New("ERROR: canceling statement due to user request (SQLSTATE 57014)")
})

func TestInFlightCountedWhenWorkEnds(t *testing.T) {
	t.Parallel()
	const stop = 300 * time.Millisecond
	for _, l := range []*plan.Load{
		{Pattern: plan.Burst, Workers: 4, Iterations: 10},
		{Pattern: plan.ConstantWorkers, Workers: 4, Duration: time.Minute},
		{Pattern: plan.ConstantRate, Rate: 100, Duration: time.Minute, MaxWorkers: 4},
	} {
		t.Run(l.Pattern, func(t *testing.T) {
			t.Parallel()
			lr := testLoad(l, blockOp)
			work, cancel := context.WithTimeoutCause(context.Background(), stop, errTimedOut)
			defer cancel()
			lr.run(work, work)
			res := filled(lr.merged())
			ops := res.Ops
			if ops.OK != 0 || ops.Failed != 4 || res.Errors[errkind.Timeout] != 4 {
				t.Errorf("ops = %+v, errors = %v; want the 4 in flight failed as timeout", ops, res.Errors)
			}
			if ops.Total != ops.OK+ops.Failed+ops.Dropped {
				t.Errorf("ops = %+v: total is not ok + failed + dropped", ops)
			}
			if n := lr.sc.cut.Load(); n != 4 {
				t.Errorf("cut = %d, want 4", n)
			}
			// The latency they had when cut: about the time to the stop (a
			// deadline never fires early; the open model's last arrival
			// was due 30 ms after the start).
			if l := res.Latency; l.Count != 4 || time.Duration(l.Min*float64(time.Millisecond)) < stop-50*time.Millisecond {
				t.Errorf("latency: %d recorded, min %vms; want 4, about %s", l.Count, l.Min, stop)
			}
		})
	}
}

// TestScenarioTimeoutCountsInFlight: four pg_sleep(10) and four 10 s
// BLPOPs on an empty key, cut by a 2 s scenario timeout, are four failed
// iterations of kind timeout that lasted about 2 s.
func TestScenarioTimeoutCountsInFlight(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	const timeout = 2 * time.Second
	pg := scenario("pg_sleep_cut", "postgres", pgPool(nil), &plan.Load{
		Name: "sleep", Pattern: plan.Burst, Workers: 4,
		Steps: []drivers.Step{query("SELECT pg_sleep(10)")},
	})
	rd := scenario("blpop_cut", "redis", redisPool(nil), &plan.Load{
		Name: "pop", Pattern: plan.Burst, Workers: 4,
		Steps: []drivers.Step{{Kind: "command", Args: []arg.Expr{arg.Const("BLPOP"), arg.Const("empty"), arg.Const("10")}}},
	})
	for _, sc := range []*plan.Scenario{pg, rd} {
		sc.Timeout = timeout
		sc.Checks = []*plan.Check{check(t, "none failed", "ops.failed == 0", nil)}
	}
	start := time.Now()
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{pg, rd}}, Options{Targets: targets})
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %v for two scenarios with a 2s timeout", took)
	}
	for _, sr := range r.Scenarios {
		mustStatus(t, sr, results.StatusError)
		res := sr.Result
		if res.Ops != (results.Ops{Total: 4, Failed: 4}) || res.Errors["timeout"] != 4 {
			t.Errorf("%s: ops = %+v, errors = %v; want 4 failed, 4 timeout", sr.Name, res.Ops, res.Errors)
		}
		if l := res.Loads[map[string]string{"pg_sleep_cut": "sleep", "blpop_cut": "pop"}[sr.Name]]; l == nil || l.Ops != res.Ops {
			t.Errorf("%s: the load's ops = %+v, want the scenario's", sr.Name, l)
		}
		// What was recorded: the iterations started once the pool was
		// open and ended at the timeout, give or take the cancellation.
		warmup := 0.0
		if res.Pool.WarmupMs != nil {
			warmup = *res.Pool.WarmupMs
		}
		lo, hi := float64(timeout/time.Millisecond)-warmup-250, float64(timeout/time.Millisecond)+500
		t.Logf("%s: latency max %.1f ms, warm-up %.1f ms", sr.Name, res.Latency.Max, warmup)
		if res.Latency.Count != 4 || res.Latency.Max < lo || res.Latency.Max > hi {
			t.Errorf("%s: latency = %+v, want 4 of about 2000 ms (%.0f..%.0f)", sr.Name, res.Latency, lo, hi)
		}
		want := "timed out after 2s; 4 iterations in flight were cut short and counted as failed (timeout)"
		if len(sr.Errors) != 1 || sr.Errors[0] != want {
			t.Errorf("%s: errors = %q, want %q", sr.Name, sr.Errors, want)
		}
		if len(sr.Checks) != 1 || sr.Checks[0].Passed {
			t.Errorf("%s: checks = %+v, want ops.failed == 0 failed", sr.Name, sr.Checks)
		}
	}
}

// TestInterruptCountsInFlight: an interrupt (the run's context cancelled,
// as Ctrl-C does) lets in-flight iterations run for the grace period, then
// cuts them: each counts as failed (timeout) with the latency it had.
func TestInterruptCountsInFlight(t *testing.T) {
	targets := testenv.Targets(t, "postgres")
	const interruptAt, grace = 500 * time.Millisecond, 500 * time.Millisecond
	sc := scenario("pg_sleep_interrupted", "postgres", pgPool(nil), &plan.Load{
		Name: "sleep", Pattern: plan.ConstantWorkers, Workers: 3, Duration: time.Minute,
		Steps: []drivers.Step{query("SELECT pg_sleep(10)")},
	})
	next := scenario("next", "postgres", pgPool(nil), &plan.Load{
		Name: "select", Pattern: plan.Burst, Workers: 1, Steps: []drivers.Step{query("SELECT 1")},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(interruptAt, cancel)
	r := run(t, ctx, &plan.Plan{Scenarios: []*plan.Scenario{sc, next}}, Options{Targets: targets, Grace: grace})
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusInterrupted)
	res := sr.Result
	if res.Ops != (results.Ops{Total: 3, Failed: 3}) || res.Errors["timeout"] != 3 {
		t.Errorf("ops = %+v, errors = %v; want 3 failed, 3 timeout", res.Ops, res.Errors)
	}
	// Cut at interrupt + grace, less the pool's warm-up before the start.
	hi := float64((interruptAt + grace + 500*time.Millisecond) / time.Millisecond)
	if res.Latency.Count != 3 || res.Latency.Max < float64(grace/time.Millisecond) || res.Latency.Max > hi {
		t.Errorf("latency = %+v, want 3 of about 1000 ms", res.Latency)
	}
	want := "interrupted: the grace period (500ms) ended; 3 iterations in flight were cut short and counted as failed (timeout)"
	if len(sr.Errors) != 1 || sr.Errors[0] != want {
		t.Errorf("errors = %q, want %q", sr.Errors, want)
	}
	if r.Scenarios[1].Status != results.StatusSkipped || r.Summary != (results.Counts{Total: 2, Interrupted: 1, Skipped: 1}) {
		t.Errorf("next = %s, summary = %+v", r.Scenarios[1].Status, r.Summary)
	}
}
