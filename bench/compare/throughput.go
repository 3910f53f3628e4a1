package main

import (
	"context"
	"time"
)

// throughputCase is one side-by-side throughput measurement: stressql,
// the bare client loop, and the C tool when there is one.
type throughputCase struct {
	name  string
	conns int
	// ceiling marks the case whose bare throughput is the machine's
	// ceiling for the open-model rows (bench.ceiling).
	ceiling bool
	// contenders: stressql first, then the baseline, then the C tool.
	stressql, bare contender
	tool           *contender
}

// throughputCases are the closed-model comparisons.
func (b *bench) throughputCases() []throughputCase {
	pg, rd := b.targets.postgres, b.targets.redis
	redisCase := func(name, workload, scenario string) throughputCase {
		const n = 50
		return throughputCase{
			name: name, conns: n, ceiling: workload == redisPing,
			stressql: b.stressqlContender(scenario, workload, "redis_conns", n),
			bare: contender{name: "go-redis loop", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return bareRedis(ctx, rd, workload, n, d)
			}},
			tool: &contender{name: "redis-benchmark", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return redisBenchmark(ctx, rd, workload, n, d)
			}},
		}
	}
	const pgConns = 20
	return []throughputCase{
		redisCase("redis PING, 50 conns", redisPing, "bench_redis_ping"),
		redisCase("redis SET, 50 conns", redisSet, "bench_redis_set"),
		{
			name: "postgres SELECT 1, 20 conns", conns: pgConns,
			stressql: b.stressqlContender("bench_pg_select1", pgSelect1, "pg_conns", pgConns),
			bare: contender{name: "pgxpool loop", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return barePostgres(ctx, pg, pgSelect1, pgConns, d)
			}},
			tool: &contender{name: "pgbench", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return pgbench(ctx, pg, b.sq.scenarios, pgConns, d)
			}},
		},
		{
			name: "postgres acquire+release, 20 conns", conns: pgConns,
			stressql: b.stressqlContender("bench_pg_acquire", pgAcquire, "pg_conns", pgConns),
			bare: contender{name: "pgxpool loop", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return barePostgres(ctx, pg, pgAcquire, pgConns, d)
			}},
		},
	}
}

// measureThroughput runs every case: each contender b.runs times,
// interleaved (bare, stressql, tool, bare, ...) so that drift on the
// machine hits all of them alike, and reports the medians. A second group
// of rows gives each contender's CPU time per operation: on a machine
// where client and server share the cores, the client's CPU is the
// server's loss, so this is what decides the throughput ratios, and it is
// far less sensitive to other load than throughput is.
func (b *bench) measureThroughput(ctx context.Context) []Row {
	var rows, cpuRows []Row
	for _, tc := range b.throughputCases() {
		order := []contender{tc.bare, tc.stressql}
		if tc.tool != nil {
			order = append(order, *tc.tool)
		}
		samples := make([][]sample, len(order))
		errs := make([]error, len(order))
		for range b.runs {
			for i, c := range order {
				if ctx.Err() != nil {
					break
				}
				s, err := c.run(ctx, b.duration)
				if err != nil {
					errs[i] = err
					b.logf("%s: %s: %v", tc.name, c.name, err)
					continue
				}
				b.logf("%s: %s: %.0f ops/s (%s)", tc.name, c.name, s.Throughput, s.describe())
				samples[i] = append(samples[i], s)
			}
		}
		row := Row{
			Group: "throughput (closed model)", Name: tc.name, Unit: "ops/s",
			BaselineName: tc.bare.name,
			Target:       &Target{Of: OfBaseline, Op: ">=", Bound: 0.95},
		}
		cpu := Row{Group: "client CPU per op",
			Name: tc.name, Unit: "µs", BaselineName: tc.bare.name}
		for i, c := range order {
			m, ok := median(samples[i])
			if !ok {
				row.note("%s: not measured: %v", c.name, errs[i])
				continue
			}
			var perOp *float64
			if c := m.cpuPerOp(); c > 0 {
				perOp = ptr(c)
			}
			switch i {
			case 0:
				row.Baseline, cpu.Baseline = ptr(m.Throughput), perOp
				if tc.ceiling {
					b.ceiling = m.Throughput
				}
			case 1:
				row.Stressql, cpu.Stressql = ptr(m.Throughput), perOp
			case 2:
				row.Tool, row.ToolName = ptr(m.Throughput), c.name
				cpu.Tool, cpu.ToolName = perOp, c.name
			}
			row.note("%s: %s", c.name, m.describe())
		}
		row.finish()
		rows = append(rows, row)
		cpuRows = append(cpuRows, finished(cpu))
	}
	return append(rows, cpuRows...)
}
