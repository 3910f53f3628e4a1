package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// The integration tests run the engine against the real servers, one at a
// time (they share the servers and two cores): no t.Parallel.

// TestPoolMaxSizeEnforcement is the scenario of docs/dsl.md: 40 holders
// on a pool of 20 with a 500ms acquire timeout.
func TestPoolMaxSizeEnforcement(t *testing.T) {
	targets := testenv.Targets(t, "postgres")
	vars := map[string]cty.Value{"pg_max_conns": cty.NumberIntVal(20)}
	sc := scenario("pool_max_size_enforcement", "postgres", pgPool(func(c *postgres.Config) {
		c.MinConns, c.MaxConns, c.AcquireTimeout = 5, 20, 500*time.Millisecond
	}), &plan.Load{
		Name: "holders", Pattern: plan.Burst, Workers: 40, Iterations: 40,
		Steps: []drivers.Step{hold(time.Second)},
	})
	sc.Checks = []*plan.Check{
		check(t, "pool never exceeds max", "pool.total_conns.max <= var.pg_max_conns", vars),
		check(t, "excess callers time out", "errors.acquire_timeout == 20", vars),
	}
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusPass)
	res := sr.Result
	if res.Pool.TotalConns.Max != 20 || res.Errors["acquire_timeout"] != 20 || res.Ops.OK != 20 {
		t.Errorf("total_conns.max = %v, acquire_timeout = %d, ok = %d; want 20, 20, 20",
			res.Pool.TotalConns.Max, res.Errors["acquire_timeout"], res.Ops.OK)
	}
	if res.Server.Conns.Max != 20 {
		t.Errorf("server.conns.max = %v, want 20", res.Server.Conns.Max)
	}
	if res.Acquire.Count != 40 || res.Acquire.Max < 450 {
		t.Errorf("acquire = %+v, want 40 waits, the longest about 500ms", res.Acquire)
	}
	if res.Pool.WarmupMs == nil || res.Pool.CloseMs == nil {
		t.Errorf("warmup_ms = %v, close_ms = %v, want both", res.Pool.WarmupMs, res.Pool.CloseMs)
	}
	if l := res.Loads["holders"]; l == nil || l.Ops != res.Ops {
		t.Errorf("load holders = %+v, want the scenario's ops %+v", l, res.Ops)
	}
	if res.Histograms["latency"] == "" || res.Histograms["acquire"] == "" {
		t.Errorf("histograms missing: %v", res.Histograms)
	}
	if r.Summary != (results.Counts{Total: 1, Passed: 1}) || r.Interrupted {
		t.Errorf("summary = %+v, interrupted = %v", r.Summary, r.Interrupted)
	}
}

// TestOpenModelCounts: the open models run exactly their schedule.
func TestOpenModelCountsAgainstServers(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	rate := scenario("constant_rate", "postgres", pgPool(func(c *postgres.Config) { c.MinConns = 2 }), &plan.Load{
		Name: "select", Pattern: plan.ConstantRate, Rate: 500, Duration: 2 * time.Second, MaxWorkers: 100,
		Steps: []drivers.Step{query("SELECT 1")},
	})
	ramp := scenario("ramping_rate", "redis", redisPool(nil), &plan.Load{
		Name: "ping", Pattern: plan.RampingRate, StartRate: 0, MaxWorkers: 20,
		Stages: []plan.Stage{{Rate: 300, Duration: time.Second}, {Rate: 300, Duration: 500 * time.Millisecond}},
		Steps:  []drivers.Step{step("ping")},
	})
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{rate, ramp}}, Options{Targets: targets})
	for i, want := range []int64{1000, 300} {
		sr := r.Scenarios[i]
		mustStatus(t, sr, results.StatusPass)
		// The schedule is exact. A stall of the machine (seen: 400ms with a
		// busy neighbour) makes every worker busy and drops arrivals, as an
		// open model must; a scheduler that drops for no reason drops most.
		ops := sr.Result.Ops
		if ops.Total != want || ops.Failed != 0 || ops.OK < want*3/4 {
			t.Errorf("%s: ops = %+v, want %d, at least 3/4 ok", sr.Name, ops, want)
		}
	}
	d := r.Scenarios[0].Result.Duration
	if d < 1990 || d > 3000 {
		t.Errorf("constant_rate took %v ms, want about 2000", d)
	}
}

func TestConstantWorkersAgainstServer(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	key := arg.Template(`"k:${worker}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Worker()})
	sc := scenario("constant_workers", "redis", redisPool(nil), &plan.Load{
		Name: "set", Pattern: plan.ConstantWorkers, Workers: 3, Duration: time.Second, ThinkTime: 100 * time.Millisecond,
		Steps: []drivers.Step{{Kind: "set", Key: &key, Value: ptr(arg.Const("v"))}},
	})
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusPass)
	// 3 workers × 1s / 100ms think: about 30.
	if ok := sr.Result.Ops.OK; ok < 8 || ok > 33 || sr.Result.Ops.Failed != 0 {
		t.Errorf("ops = %+v, want about 30 ok", sr.Result.Ops)
	}
}

func ptr[T any](v T) *T { return &v }

// TestChecksReportValues: a failing check shows what it read, and a check
// on a metric without data fails with "no data".
func TestChecksReportValues(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	sc := scenario("checks", "redis", redisPool(nil), &plan.Load{
		Name: "ping", Pattern: plan.Burst, Workers: 2, Iterations: 50, Steps: []drivers.Step{step("ping")},
	})
	sc.Checks = []*plan.Check{
		check(t, "all ok", "ops.ok == 50 && load.ping.ops.failed == 0", nil),
		check(t, "too fast to be true", "latency.p50 > 60000", nil),
		check(t, "recovered", "recovery_ms < 100", nil),
	}
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusFail)
	pass, slow, rec := sr.Checks[0], sr.Checks[1], sr.Checks[2]
	if !pass.Passed {
		t.Errorf("check %q failed: %s %v", pass.Name, pass.Message, pass.Values)
	}
	if slow.Passed || slow.NoData || slow.Message != "condition was false" ||
		len(slow.Values) != 1 || slow.Values[0].Path != "latency.p50" || slow.Values[0].HasNoData() {
		t.Errorf("check %q = %+v, want failed with the value of latency.p50", slow.Name, slow)
	}
	if rec.Passed || !rec.NoData || len(rec.Values) != 1 || !rec.Values[0].HasNoData() {
		t.Errorf("check %q = %+v, want failed with no data", rec.Name, rec)
	}
	if r.Summary.Failed != 1 {
		t.Errorf("summary = %+v", r.Summary)
	}
}

// TestServerDown: a target nobody listens on makes every iteration fail
// as refused; the run goes on with the next scenario.
func TestServerDown(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	targets["postgres"] = "postgres://stressql:secretpw@" + testenv.DeadAddr(t) + "/stressql"
	down := scenario("down", "postgres", pgPool(func(c *postgres.Config) { c.ConnectTimeout = time.Second }), &plan.Load{
		Name: "select", Pattern: plan.Burst, Workers: 2, Iterations: 10, Steps: []drivers.Step{query("SELECT 1")},
	})
	down.Checks = []*plan.Check{check(t, "no failures", "ops.failed == 0", nil)}
	up := scenario("up", "redis", redisPool(nil), &plan.Load{
		Name: "ping", Pattern: plan.Burst, Workers: 1, Iterations: 5, Steps: []drivers.Step{step("ping")},
	})
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{down, up}}, Options{Targets: targets})
	sr := r.Scenarios[0]
	if sr.Status != results.StatusFail && sr.Status != results.StatusError {
		t.Errorf("status = %s, want fail or error", sr.Status)
	}
	if sr.Result.Errors["refused"] != 10 || sr.Result.Ops.Failed != 10 {
		t.Errorf("ops = %+v, errors = %v; want 10 refused", sr.Result.Ops, sr.Result.Errors)
	}
	for _, e := range sr.Errors {
		if strings.Contains(e, "secretpw") {
			t.Errorf("an error shows the password: %s", e)
		}
	}
	if !strings.Contains(r.Targets["postgres"], "xxxxx") || strings.Contains(r.Targets["postgres"], "secretpw") {
		t.Errorf("targets not redacted: %v", r.Targets)
	}
	mustStatus(t, r.Scenarios[1], results.StatusPass)
}

// TestInterrupt: cancelling the context stops scheduling, lets in-flight
// iterations finish, marks the scenario interrupted and skips the rest.
func TestInterrupt(t *testing.T) {
	targets := testenv.Targets(t, "postgres")
	long := scenario("long", "postgres", pgPool(nil), &plan.Load{
		Name: "hold", Pattern: plan.ConstantWorkers, Workers: 4, Duration: time.Minute,
		Steps: []drivers.Step{hold(300 * time.Millisecond)},
	})
	long.Checks = []*plan.Check{check(t, "ran", "ops.ok > 0", nil)}
	next := scenario("next", "postgres", pgPool(nil), &plan.Load{
		Name: "select", Pattern: plan.Burst, Workers: 1, Steps: []drivers.Step{query("SELECT 1")},
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(700*time.Millisecond, cancel)
	start := time.Now()
	r := run(t, ctx, &plan.Plan{Scenarios: []*plan.Scenario{long, next}}, Options{Targets: targets, Grace: 2 * time.Second})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v after the interrupt", took)
	}
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusInterrupted)
	// Holds of 300ms finish within the grace period: all ok.
	if sr.Result.Ops.OK < 4 || sr.Result.Ops.Failed != 0 {
		t.Errorf("ops = %+v, want the in-flight holds finished ok", sr.Result.Ops)
	}
	if len(sr.Checks) != 1 || !sr.Checks[0].Passed {
		t.Errorf("checks = %+v, want evaluated on the partial results", sr.Checks)
	}
	if r.Scenarios[1].Status != results.StatusSkipped || !r.Interrupted ||
		r.Summary != (results.Counts{Total: 2, Interrupted: 1, Skipped: 1}) {
		t.Errorf("next = %s, interrupted = %v, summary = %+v", r.Scenarios[1].Status, r.Interrupted, r.Summary)
	}
}

// TestInterruptGraceExpires: iterations still running when the grace
// period ends are cancelled and counted as failed (timeout).
func TestInterruptGraceExpires(t *testing.T) {
	targets := testenv.Targets(t, "postgres")
	sc := scenario("stuck", "postgres", pgPool(nil), &plan.Load{
		Name: "hold", Pattern: plan.Burst, Workers: 3, Steps: []drivers.Step{hold(time.Minute)},
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	r := run(t, ctx, &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets, Grace: 500 * time.Millisecond})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v with a 500ms grace period", took)
	}
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusInterrupted)
	if sr.Result.Ops != (results.Ops{Total: 3, Failed: 3}) || sr.Result.Errors["timeout"] != 3 || sr.LeakedConns != 0 {
		t.Errorf("ops = %+v, errors = %v, leaked = %d; want 3 failed as timeout, nothing leaked",
			sr.Result.Ops, sr.Result.Errors, sr.LeakedConns)
	}
}

// TestPoolSwap: a phase with its own pool moves traffic to it and closes
// the previous pool; loads of the same name are summed across phases.
func TestPoolSwap(t *testing.T) {
	targets := testenv.Targets(t, "postgres")
	load := func() *plan.Load {
		return &plan.Load{Name: "work", Pattern: plan.ConstantWorkers, Workers: 6, Duration: 600 * time.Millisecond,
			Steps: []drivers.Step{hold(20 * time.Millisecond)}}
	}
	sc := &plan.Scenario{Name: "swap", Driver: "postgres", Desc: desc("postgres"), Timeout: time.Minute, Phases: []*plan.Phase{
		{Name: "wide", Pool: pgPool(func(c *postgres.Config) { c.MinConns, c.MaxConns = 6, 6 }), Loads: []*plan.Load{load()}},
		{Name: "narrow", Pool: pgPool(func(c *postgres.Config) { c.MaxConns = 2 }), Loads: []*plan.Load{load()}},
	}}
	sc.Checks = []*plan.Check{check(t, "narrow stays narrow", "phase.narrow.pool.total_conns.max <= 2", nil)}
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusPass)
	wide, narrow := sr.Result.Phases["wide"], sr.Result.Phases["narrow"]
	if wide.Pool.TotalConns.Max != 6 || narrow.Pool.TotalConns.Max > 2 {
		t.Errorf("total_conns.max = %v wide, %v narrow; want 6 and at most 2", wide.Pool.TotalConns.Max, narrow.Pool.TotalConns.Max)
	}
	// wide opens 6 connections before it runs; narrow (min_conns 0) has
	// nothing to warm.
	if narrow.Pool.CloseMs == nil || narrow.Pool.WarmupMs != nil || wide.Pool.WarmupMs == nil {
		t.Errorf("narrow close_ms %s warmup_ms %s, wide warmup_ms %s: want a number, no data, a number",
			fmtPtr(narrow.Pool.CloseMs), fmtPtr(narrow.Pool.WarmupMs), fmtPtr(wide.Pool.WarmupMs))
	}
	if wide.Ops.Failed+narrow.Ops.Failed != 0 {
		t.Errorf("failures during the swap: %+v, %+v", wide.Ops, narrow.Ops)
	}
	if got := sr.Result.Loads["work"].Ops.OK; got != wide.Ops.OK+narrow.Ops.OK || got != sr.Result.Ops.OK {
		t.Errorf("load work ok = %d, phases %d + %d", got, wide.Ops.OK, narrow.Ops.OK)
	}
	if narrow.Pool.NewConns == nil || wide.Pool.NewConns == nil || *narrow.Pool.NewConns > 2 || *wide.Pool.NewConns != 0 {
		t.Errorf("new_conns = %s wide (after warm-up), %s narrow", fmtPtr(wide.Pool.NewConns), fmtPtr(narrow.Pool.NewConns))
	}
}

// TestScenarioTimeout: the scenario's timeout is a hard stop; the partial
// results and the checks are still reported.
func TestScenarioTimeout(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	sc := scenario("too_long", "redis", redisPool(nil), &plan.Load{
		Name: "ping", Pattern: plan.ConstantWorkers, Workers: 2, Duration: 30 * time.Second, ThinkTime: 10 * time.Millisecond,
		Steps: []drivers.Step{step("ping")},
	})
	sc.Timeout = time.Second
	sc.Checks = []*plan.Check{check(t, "ran", "ops.ok > 10", nil)}
	start := time.Now()
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v with a 1s timeout", took)
	}
	sr := r.Scenarios[0]
	mustStatus(t, sr, results.StatusError)
	// A ping in flight at the timeout (at most one per worker) is failed,
	// kind timeout, and said so.
	ops, cut := sr.Result.Ops, sr.Result.Errors["timeout"]
	if len(sr.Errors) != 1 || !strings.HasPrefix(sr.Errors[0], "timed out after 1s") ||
		(cut > 0) != strings.Contains(sr.Errors[0], "cut short") {
		t.Errorf("errors = %q", sr.Errors)
	}
	if !sr.Checks[0].Passed || ops.Failed != cut || cut > 2 || ops.Total != ops.OK+ops.Failed {
		t.Errorf("checks = %+v, ops = %+v, timeout = %d", sr.Checks, ops, cut)
	}
}

// TestProgress: the observer hears of the run, each scenario and live
// progress.
func TestProgress(t *testing.T) {
	targets := testenv.Targets(t, "redis")
	sc := scenario("progress", "redis", redisPool(nil), &plan.Load{
		Name: "ping", Pattern: plan.ConstantRate, Rate: 200, Duration: 800 * time.Millisecond, MaxWorkers: 10,
		Steps: []drivers.Step{step("ping")},
	})
	sc.ExpectedDuration = 800 * time.Millisecond
	obs := &recorder{}
	run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: targets, Observer: obs})
	if obs.started != 1 || obs.finished != 1 || obs.runFinished != 1 {
		t.Fatalf("observer = %+v", obs)
	}
	if len(obs.progress) < 2 {
		t.Fatalf("%d progress reports in 800ms, want at least 2", len(obs.progress))
	}
	last := obs.progress[len(obs.progress)-1]
	if last.Scenario != "progress" || last.I != 1 || last.N != 1 || last.Ops == 0 || last.Rate <= 0 ||
		last.Expected != 800*time.Millisecond || last.P95 <= 0 {
		t.Errorf("last progress = %+v", last)
	}
	if strings.Contains(obs.targets["redis"], "@") && !strings.Contains(obs.targets["redis"], "xxxxx") {
		t.Errorf("targets not redacted: %v", obs.targets)
	}
}

// recorder is an Observer that keeps what it heard.
type recorder struct {
	started, finished, runFinished int
	targets                        map[string]string
	progress                       []results.Progress
}

func (o *recorder) RunStarted(_ int, targets map[string]string, _ int64) { o.targets = targets }
func (o *recorder) ScenarioStarted(int, int, string, string, time.Duration) {
	o.started++
}
func (o *recorder) Progress(p results.Progress)           { o.progress = append(o.progress, p) }
func (o *recorder) ScenarioFinished(*results.ScenarioRun) { o.finished++ }
func (o *recorder) RunFinished(*results.Run)              { o.runFinished++ }
