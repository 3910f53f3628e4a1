package report

import (
	"time"

	"github.com/stressql/stressql/results"
)

// Fixed inputs for the report tests: a passing, a failing and an errored
// scenario, one interrupted and one skipped, and the run around them.

var t0 = time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

func fptr(f float64) *float64 { return &f }

func ptr[T any](v T) *T { return &v }

func errorsOf(kv map[string]int64) map[string]int64 {
	m := make(map[string]int64)
	for _, k := range results.ErrorKinds {
		m[k] = kv[k]
	}
	return m
}

func gauge(samples int, min, max, mean, last float64) results.Gauge {
	return results.Gauge{Samples: samples, Min: min, Max: max, Mean: mean, Last: last}
}

func passing() *results.ScenarioRun {
	return &results.ScenarioRun{
		Name: "redis_basic_throughput", Driver: "redis", Tags: []string{"throughput"},
		Source: "scenarios/redis.hcl:12:1", Status: results.StatusPass,
		StartedAt: t0, DurationMs: 2013.4, ExpectedMs: 2000,
		Result: &results.Result{
			Ops:        results.Ops{Total: 12000, OK: 12000},
			Throughput: 5960.1, Duration: 2013.4,
			Errors:  errorsOf(nil),
			Latency: results.Summary{Count: 12000, Min: 0.09, Mean: 0.4, P50: 0.312, P90: 0.7, P95: 0.854, P99: 1.917, P999: 4.2, Max: 9.8},
			Pool:    results.Pool{TotalConns: gauge(20, 1, 10, 9.5, 10), Hits: ptr[int64](11990), Misses: ptr[int64](10), ReuseRatio: ptr(0.999)},
			Server:  results.Server{Conns: gauge(20, 1, 11, 10.2, 11)},
		},
		Checks: []results.CheckResult{
			{Name: "fast", Condition: "latency.p95 < 5", Source: "scenarios/redis.hcl:30:3", Passed: true,
				Values: []results.CheckValue{{Path: "latency.p95", Value: 0.854}}},
		},
	}
}

func failing() *results.ScenarioRun {
	return &results.ScenarioRun{
		Name: "pool_max_size_enforcement", Driver: "postgres", Tags: []string{"exhaustion"},
		Source: "scenarios/postgres.hcl:10:1", Status: results.StatusFail,
		StartedAt: t0.Add(3 * time.Second), DurationMs: 1523.9, ExpectedMs: 1500,
		Result: &results.Result{
			Ops:        results.Ops{Total: 40, OK: 20, Failed: 20},
			ErrorRate:  0.5,
			Throughput: 13.1, Duration: 1523.9,
			Errors:  errorsOf(map[string]int64{"acquire_timeout": 18, "timeout": 2}),
			Latency: results.Summary{Count: 40, Min: 500.2, Mean: 760, P50: 1001.3, P90: 1003, P95: 1004.1, P99: 1010.7, P999: 1010.7, Max: 1010.7},
			Acquire: results.Summary{Count: 40, Min: 0.02, P50: 0.05, P95: 500.4, P99: 501, Max: 501},
			Pool:    results.Pool{TotalConns: gauge(15, 5, 25, 20, 20), NewConns: ptr[int64](20)},
			Server:  results.Server{Conns: gauge(15, 5, 25, 20, 20)},
		},
		Checks: []results.CheckResult{
			{Name: "pool never exceeds max", Condition: "pool.total_conns.max <= var.pg_max_conns",
				Source: "scenarios/postgres.hcl:22:3", Message: "pool grew to 25 connections",
				Values: []results.CheckValue{{Path: "pool.total_conns.max", Value: 25.0}, {Path: "var.pg_max_conns", Value: 20.0}}},
			{Name: "excess callers time out", Condition: "errors.acquire_timeout == 20",
				Source: "scenarios/postgres.hcl:26:3", Passed: true,
				Values: []results.CheckValue{{Path: "errors.acquire_timeout", Value: 18.0}}},
			{Name: "recovers quickly", Condition: "recovery_ms < 1000 && error_rate < 0.6",
				Source: "scenarios/postgres.hcl:29:3", NoData: true,
				Message: "no data: recovery_ms has no samples (nothing succeeded after the fault, or there was no fault)",
				Values:  []results.CheckValue{{Path: "recovery_ms", Value: results.NoData{}}, {Path: "error_rate", Value: 0.5}}},
		},
	}
}

func errored() *results.ScenarioRun {
	return &results.ScenarioRun{
		Name: "redis_outage_recovery", Driver: "redis", Source: "scenarios/redis.hcl:80:1",
		Status: results.StatusError, StartedAt: t0.Add(5 * time.Second), DurationMs: 312, ExpectedMs: 5000,
		Errors: []string{
			"open pool: dial redis://:hunter2@127.0.0.1:6379/0: connect: connection refused",
			"cleanup: " + longError,
		},
		LeakedConns: 2,
	}
}

const longError = "delete keys under stressql:20261126:redis_outage_recovery: context deadline exceeded " +
	"while scanning the keyspace with SCAN 0 MATCH stressql:20261126:redis_outage_recovery:* COUNT 1000"

func interrupted() *results.ScenarioRun {
	return &results.ScenarioRun{
		Name: "pg_sustained_load", Driver: "postgres", Source: "scenarios/postgres.hcl:120:1",
		Status: results.StatusInterrupted, StartedAt: t0.Add(6 * time.Second), DurationMs: 4100, ExpectedMs: 30000,
		Result: &results.Result{
			Ops: results.Ops{Total: 800, OK: 800}, Throughput: 195.1, Duration: 4100,
			Errors:  errorsOf(nil),
			Latency: results.Summary{Count: 800, P50: 3.2, P95: 7.94, P99: 12.06},
		},
	}
}

func skipped() *results.ScenarioRun {
	return &results.ScenarioRun{
		Name: "pg_memory_growth", Driver: "postgres", Source: "scenarios/postgres.hcl:160:1",
		Status: results.StatusSkipped, ExpectedMs: 10000,
	}
}

func run() *results.Run {
	r := &results.Run{
		SchemaVersion: results.SchemaVersion, Version: "0.1.0-test", RunID: "20261126-093000-ab12", Seed: 42,
		StartedAt: t0, DurationMs: 10_482.5, Interrupted: true,
		Targets: map[string]string{
			"postgres": "postgres://stressql:stressql@127.0.0.1:5432/stressql",
			"redis":    "redis://127.0.0.1:6379/0",
		},
		Scenarios: []*results.ScenarioRun{passing(), failing(), errored(), interrupted(), skipped()},
	}
	r.Summary = results.Counts{Total: 5, Passed: 1, Failed: 1, Errored: 1, Interrupted: 1, Skipped: 1}
	return r
}

// dropping is an open-model scenario that could not keep up: 346 of 1,200
// planned iterations were never sent, none failed, so its error rate is 0.
func dropping() *results.ScenarioRun {
	arrivals := &results.Result{
		Ops: results.Ops{Total: 1200, OK: 854, Dropped: 346}, Throughput: 427, Duration: 2000,
		Errors:  errorsOf(nil),
		Latency: results.Summary{Count: 854, P50: 40.1, P95: 80.3, P99: 120.6},
	}
	r := *arrivals
	r.Loads = map[string]*results.Result{"arrivals": arrivals}
	return &results.ScenarioRun{
		Name: "pg_open_model_overload", Driver: "postgres", Source: "scenarios/qa.hcl:1:1",
		Status: results.StatusFail, StartedAt: t0, DurationMs: 2004, ExpectedMs: 2000,
		Result: &r,
		Checks: []results.CheckResult{
			{Name: "few errors", Condition: "error_rate < 0.01", Source: "scenarios/qa.hcl:20:3", Passed: true,
				Values: []results.CheckValue{{Path: "error_rate", Value: 0.0}}},
			{Name: "fast and healthy", Condition: "latency.p95 < 50 && load[\"arrivals\"].error_rate < 0.01",
				Source: "scenarios/qa.hcl:24:3",
				Values: []results.CheckValue{{Path: "latency.p95", Value: 80.3}, {Path: "load[\"arrivals\"].error_rate", Value: 0.0}}},
		},
	}
}

// overTime is an open-model scenario with a series, a lagging generator
// and a windowed check that aborted it.
func overTime() *results.ScenarioRun {
	s := passing()
	s.Name = "steady_rate_aborted"
	s.Status = results.StatusFail
	r := s.Result
	r.Lateness = results.Summary{Count: 12000, P50: 0.05, P99: 1.65, Max: 3.76}
	for i, v := range []struct{ tp, p99 float64 }{{2000, 1.2}, {1990, 1.4}, {1000, 9.5}, {2005, 1.1}} {
		rec := results.Interval{TMs: float64(i) * 1000}
		rec.Throughput, rec.Duration = v.tp, 1000
		rec.Latency = results.Summary{Count: int64(v.tp), P99: v.p99}
		r.Series = append(r.Series, rec)
	}
	s.Aborted = &results.Abort{Check: "no errors in any second", WindowMs: 2000, AtMs: 3001.2}
	return s
}
