package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// End-to-end faults: the engine wires the proxy, the fault timeline, the
// policies and recovery_ms together against the real servers.

func runOne(t *testing.T, sc *plan.Scenario, drivers ...string) *results.ScenarioRun {
	t.Helper()
	r := run(t, context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, Options{Targets: testenv.Targets(t, drivers...)})
	return r.Scenarios[0]
}

// TestLatencyFault: 40ms added downstream makes SELECT 1 take 40-60ms.
func TestLatencyFault(t *testing.T) {
	sc := scenario("latency", "postgres", pgPool(func(c *postgres.Config) { c.MinConns = 2 }), &plan.Load{
		Name: "select", Pattern: plan.ConstantWorkers, Workers: 2, Duration: 1500 * time.Millisecond,
		Steps: []drivers.Step{query("SELECT 1")},
	})
	sc.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Latency, Delay: 40 * time.Millisecond, Direction: plan.Downstream}}
	sr := runOne(t, sc, "postgres")
	mustStatus(t, sr, results.StatusPass)
	if p50 := sr.Result.Latency.P50; p50 < 40 || p50 > 60 {
		t.Errorf("latency.p50 = %v ms, want 40-60", p50)
	}
	if sr.Result.Ops.Failed != 0 || sr.Result.Ops.OK < 20 {
		t.Errorf("ops = %+v", sr.Result.Ops)
	}
}

// TestOutageFault: a 1s outage fails the iterations inside its window and
// none well outside it (250ms before, 500ms after: the end is a timer and
// a re-listen, later on a starved machine), and service is back within a
// second after it. Drops are tolerated: a starved machine drops, and a
// drop is not a failure.
func TestOutageFault(t *testing.T) {
	window := func(name string, after, d time.Duration) *plan.Load {
		return &plan.Load{Name: name, Pattern: plan.ConstantRate, Rate: 40, Duration: d, MaxWorkers: 20,
			StartAfter: after, Steps: []drivers.Step{step("ping")}}
	}
	sc := scenario("outage", "redis", redisPool(func(c *redis.Config) {
		c.MinIdleConns, c.PoolTimeout, c.ReadTimeout, c.WriteTimeout = 2, time.Second, time.Second, time.Second
	}),
		window("before", 0, 750*time.Millisecond),
		window("during", 1250*time.Millisecond, 500*time.Millisecond),
		window("after", 2500*time.Millisecond, 500*time.Millisecond),
		window("steady", 0, 3*time.Second),
	)
	sc.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Outage, After: time.Second, Duration: time.Second}}
	sr := runOne(t, sc, "redis")
	l := sr.Result.Loads
	if b := l["before"].Ops; b.Failed != 0 || b.OK < 15 {
		t.Errorf("before the outage: %+v, want all ok", b)
	}
	if d := l["during"]; d.Ops.OK != 0 || d.Ops.Failed < 10 || d.Errors["refused"]+d.Errors["reset"] != d.Ops.Failed {
		t.Errorf("during the outage: %+v %v, want all refused or reset", d.Ops, d.Errors)
	}
	if a := l["after"]; a.Ops.Failed != 0 || a.Ops.OK < 10 {
		t.Errorf("after the outage: %+v %v, want all ok", a.Ops, a.Errors)
	}
	rec := sr.Result.RecoveryMs
	if rec == nil || *rec > 1000 {
		t.Errorf("recovery_ms = %v, want at most 1000", rec)
	}
	if steady := l["steady"].RecoveryMs; steady == nil {
		t.Errorf("load steady has no recovery_ms")
	}
	// The report's fault timeline: the outage starts at +1s and ends at +2s.
	if len(sr.Faults) != 2 || sr.Faults[0].Kind != faultkind.Outage ||
		sr.Faults[0].AtMs < 900 || sr.Faults[0].AtMs > 1400 || sr.Faults[1].AtMs < 1900 || sr.Faults[1].AtMs > 2600 {
		t.Errorf("fault events = %+v, want the outage applied at about +1s and cleared at about +2s", sr.Faults)
	}
}

// TestTerminateIdleWithPingOnAcquire: connections the server killed while
// idle are found dead at acquire and replaced; no iteration fails.
func TestTerminateIdleWithPingOnAcquire(t *testing.T) {
	sc := scenario("terminate", "postgres", pgPool(func(c *postgres.Config) {
		c.MinConns, c.MaxConns, c.PingOnAcquire = 4, 4, true
	}), &plan.Load{
		Name: "select", Pattern: plan.ConstantRate, Rate: 50, Duration: 2 * time.Second, MaxWorkers: 4,
		Steps: []drivers.Step{query("SELECT 1")},
	})
	sc.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Terminate, After: time.Second, IdleOnly: true}}
	sr := runOne(t, sc, "postgres")
	mustStatus(t, sr, results.StatusPass)
	if ops := sr.Result.Ops; ops.Failed != 0 || ops.OK+ops.Dropped != 100 {
		t.Errorf("ops = %+v, want 100 and no failure", ops)
	}
	// The kill happened (the fault killed idle connections) and the pool
	// noticed: it dropped the dead ones at acquire, so it either made new
	// connections or ran on fewer than its 4 for a while. (New connections
	// are not guaranteed: at 50/s one survivor can serve everything.)
	var killed int
	if len(sr.Faults) != 1 || sr.Faults[0].Kind != faultkind.Terminate {
		t.Fatalf("fault events = %+v, want one terminate", sr.Faults)
	}
	if _, err := fmt.Sscanf(sr.Faults[0].What, "terminated %d idle connections", &killed); err != nil || killed < 1 || killed > 4 {
		t.Errorf("fault event %q, want 1 to 4 idle connections terminated", sr.Faults[0].What)
	}
	if p := sr.Result.Pool; p.NewConns == nil {
		t.Errorf("pool.new_conns has no data on postgres")
	} else if *p.NewConns < 1 && p.TotalConns.Min >= 4 {
		t.Errorf("pool.new_conns = %d and total_conns.min = %v: the pool never noticed the kill", *p.NewConns, p.TotalConns.Min)
	}
	if sr.Result.RecoveryMs == nil {
		t.Errorf("recovery_ms has no data")
	}
}

// TestPolicies: a breaker with threshold 5 opens after exactly 5 failures
// and then rejects without I/O; retries and fallbacks are counted; the
// error fault hits only its load.
func TestPolicies(t *testing.T) {
	breaker := &plan.CircuitBreaker{FailureThreshold: 5, OpenFor: time.Minute, HalfOpenSuccesses: 1}
	one := func(name string, steps ...drivers.Step) *plan.Load {
		return &plan.Load{Name: name, Pattern: plan.Burst, Workers: 1, Iterations: 20, Steps: steps}
	}
	broken := one("broken", query("SELECT 1/0"))
	broken.Breaker = breaker
	injected := one("injected", query("SELECT 1"))
	injected.Breaker = breaker
	retried := one("retried", query("SELECT 1"))
	retried.Iterations = 4
	retried.Retry = &plan.Retry{Attempts: 3, MaxBackoff: time.Second}
	saved := one("saved", query("SELECT 1"))
	saved.Iterations = 4
	saved.Fallback = []drivers.Step{step("acquire")}
	sc := scenario("policies", "postgres", pgPool(nil), broken, injected, retried, saved)
	sc.Phases[0].Faults = []*plan.Fault{
		{Kind: faultkind.Error, Probability: 1, Load: "injected"},
		{Kind: faultkind.Error, Probability: 1, Load: "retried"},
		{Kind: faultkind.Error, Probability: 1, Load: "saved"},
	}
	sr := runOne(t, sc, "postgres")
	l := sr.Result.Loads
	for _, tc := range []struct {
		load, kind string
	}{{"broken", "query"}, {"injected", "injected"}} {
		r := l[tc.load]
		if r.Errors[tc.kind] != 5 || r.Errors["breaker_open"] != 15 || r.Breaker.Opened != 1 || r.Breaker.Rejected != 15 {
			t.Errorf("%s: errors %v, breaker %+v; want 5 %s then 15 rejected", tc.load, r.Errors, r.Breaker, tc.kind)
		}
	}
	if r := l["retried"]; r.Retries != 8 || r.Errors["injected"] != 4 {
		t.Errorf("retried: retries %d, errors %v; want 8 retries of 4 injected failures", r.Retries, r.Errors)
	}
	if r := l["saved"]; r.Fallbacks != 4 || r.Ops.OK != 4 {
		t.Errorf("saved: fallbacks %d, ops %+v; want 4 saved", r.Fallbacks, r.Ops)
	}
	// I/O: 5 failing queries, 4 fallbacks (acquire); rejected and injected
	// iterations never reach the pool.
	if n := sr.Result.Pool.AcquireCount; n == nil || *n != 9 {
		t.Errorf("pool.acquire_count = %s, want 9", fmtPtr(n))
	}
	if sr.Result.Retries != 8 || sr.Result.Fallbacks != 4 || sr.Result.Breaker.Rejected != 30 {
		t.Errorf("scenario retries %d fallbacks %d breaker %+v", sr.Result.Retries, sr.Result.Fallbacks, sr.Result.Breaker)
	}
}

// TestDNSAndClosePoolFaults: a phase with a dns fault dials a name that
// does not resolve; a close_pool fault closes the pool under load.
func TestDNSAndClosePoolFaults(t *testing.T) {
	ping := func() *plan.Load {
		return &plan.Load{Name: "ping", Pattern: plan.ConstantRate, Rate: 50, Duration: 600 * time.Millisecond,
			MaxWorkers: 5, Steps: []drivers.Step{step("ping")}}
	}
	sc := &plan.Scenario{Name: "dns", Driver: "redis", Desc: desc("redis"), Timeout: time.Minute, Phases: []*plan.Phase{
		{Name: "ok", Pool: redisPool(nil), Loads: []*plan.Load{ping()}},
		{Name: "nxdomain", Loads: []*plan.Load{ping()}, Faults: []*plan.Fault{{Kind: faultkind.DNS}}},
		{Name: "closing", Loads: []*plan.Load{ping()}, Faults: []*plan.Fault{{Kind: faultkind.ClosePool, After: 300 * time.Millisecond}}},
	}}
	sr := runOne(t, sc, "redis")
	ph := sr.Result.Phases
	if r := ph["ok"]; r.Ops.OK != 30 {
		t.Errorf("phase ok: %+v", r.Ops)
	}
	if r := ph["nxdomain"]; r.Errors["dns"] != 30 {
		t.Errorf("phase nxdomain: %+v %v, want 30 dns errors", r.Ops, r.Errors)
	}
	r := ph["closing"]
	if r.Ops.OK < 10 || r.Errors["closed"] < 10 || r.Ops.OK+r.Errors["closed"] != 30 {
		t.Errorf("phase closing: %+v %v, want about half ok, then closed", r.Ops, r.Errors)
	}
	if r.Pool.CloseMs == nil || sr.Result.Pool.CloseMs == nil || *sr.Result.Pool.CloseMs != *r.Pool.CloseMs {
		t.Errorf("close_ms = %v phase, %v scenario; want the fault's", r.Pool.CloseMs, sr.Result.Pool.CloseMs)
	}
}

// TestPauseFault: CLIENT PAUSE stalls iterations for the window; they
// complete after it, and recovery is measured from its end.
func TestPauseFault(t *testing.T) {
	sc := scenario("pause", "redis", redisPool(nil), &plan.Load{
		Name: "ping", Pattern: plan.ConstantRate, Rate: 50, Duration: time.Second, MaxWorkers: 50,
		Steps: []drivers.Step{step("ping")},
	})
	sc.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Pause, After: 200 * time.Millisecond, Duration: 300 * time.Millisecond}}
	sr := runOne(t, sc, "redis")
	mustStatus(t, sr, results.StatusPass)
	if ops := sr.Result.Ops; ops.OK != 50 {
		t.Errorf("ops = %+v, want 50 ok", ops)
	}
	if max := sr.Result.Latency.Max; max < 250 || max > 1000 {
		t.Errorf("latency.max = %v ms, want about 300 (the pause)", max)
	}
	if rec := sr.Result.RecoveryMs; rec == nil || *rec > 500 {
		t.Errorf("recovery_ms = %v", rec)
	}
}

// fmtPtr prints a counter that may have no data.
func fmtPtr[T any](p *T) string {
	if p == nil {
		return "no data"
	}
	return fmt.Sprint(*p)
}
