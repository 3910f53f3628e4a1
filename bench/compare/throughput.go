package main

import (
	"context"
	"fmt"
	"time"
)

// Closed-model targets (issue 19): throughput at least 0.97 × the bare
// loop's, client CPU per operation within 2 % of it, and, for
// acquire+release (no I/O, so the engine's own bookkeeping is all there
// is), within 1.3 × bare pgxpool's.
const (
	closedThroughputMin = 0.97
	closedCPUMax        = 1.02
	acquireCPUMax       = 1.3
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
	// also are contenders run in the same rounds and reported in the
	// row's notes only, beside the baseline (SET: the plain SET without
	// the safety TTL).
	also []contender
	// cpuMax bounds stressql's CPU per op ÷ the bare loop's.
	cpuMax float64
}

// order is the order the contenders run in, each round: bare, stressql,
// then the tool. closedRows reads samples in this order.
func (tc throughputCase) order() []contender {
	order := []contender{tc.bare, tc.stressql}
	if tc.tool != nil {
		order = append(order, *tc.tool)
	}
	return append(order, tc.also...)
}

// redisPingCase is the closed-model PING case at n workers = pool size =
// connections, with stressql run with extra command-line args.
func (b *bench) redisPingCase(name string, n int, args runArgs) throughputCase {
	rd := b.targets.redis
	return throughputCase{
		name: name, conns: n, cpuMax: closedCPUMax,
		stressql: b.stressqlContenderArgs("bench_redis_ping", redisPing, "redis_conns", n, args),
		bare: contender{name: "go-redis loop", run: func(ctx context.Context, d time.Duration) (sample, error) {
			return bareRedis(ctx, rd, redisPing, n, d)
		}},
	}
}

// throughputCases are the closed-model comparisons.
func (b *bench) throughputCases() []throughputCase {
	pg, rd := b.targets.postgres, b.targets.redis
	const redisConns = 50
	bareRedisLoop := func(name, workload string) contender {
		return contender{name: name, run: func(ctx context.Context, d time.Duration) (sample, error) {
			return bareRedis(ctx, rd, workload, redisConns, d)
		}}
	}
	redisCase := func(name, workload, scenario string) throughputCase {
		return throughputCase{
			name: name, conns: redisConns, ceiling: workload == redisPing, cpuMax: closedCPUMax,
			stressql: b.stressqlContender(scenario, workload, "redis_conns", redisConns),
			bare:     bareRedisLoop("go-redis loop", workload),
			tool: &contender{name: "redis-benchmark", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return redisBenchmark(ctx, rd, workload, redisConns, d)
			}},
		}
	}
	// SET: stressql sends SET key value PX <safety TTL>; its baseline
	// sends the same command, and the plain SET (what redis-benchmark
	// sends) is noted beside it, so the row is the tool's overhead and the
	// note the safety net's cost.
	set := redisCase("redis SET, 50 conns", redisSet, "bench_redis_set")
	set.bare = bareRedisLoop("go-redis loop, SET ... PX", redisSetTTL)
	set.also = []contender{bareRedisLoop("go-redis loop, plain SET", redisSet)}
	const pgConns = 20
	return []throughputCase{
		redisCase("redis PING, 50 conns", redisPing, "bench_redis_ping"),
		set,
		{
			name: "postgres SELECT 1, 20 conns", conns: pgConns, cpuMax: closedCPUMax,
			stressql: b.stressqlContender("bench_pg_select1", pgSelect1, "pg_conns", pgConns),
			bare: contender{name: "pgxpool loop", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return barePostgres(ctx, pg, pgSelect1, pgConns, d)
			}},
			tool: &contender{name: "pgbench", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return pgbench(ctx, pg, b.sq.scenarios, pgConns, d)
			}},
		},
		{
			name: "postgres acquire+release, 20 conns", conns: pgConns, cpuMax: acquireCPUMax,
			stressql: b.stressqlContender("bench_pg_acquire", pgAcquire, "pg_conns", pgConns),
			bare: contender{name: "pgxpool loop", run: func(ctx context.Context, d time.Duration) (sample, error) {
				return barePostgres(ctx, pg, pgAcquire, pgConns, d)
			}},
		},
	}
}

// interleave runs every contender b.runs times for d, interleaved so
// that drift on the machine hits all of them alike, and rotated: run r
// starts with order[r mod n] (a Latin square over n runs), so that no
// contender always runs first, right after another's, or last. This
// machine's speed drifts between consecutive 10 s runs by more than the
// targets' margins (one run here: the plain SET loop, less work for the
// server, served 63 690/s right after SET ... PX's 69 633/s), so a fixed
// order would charge the drift to whichever contender holds the same
// place every time. samples[i] and errs[i] are order[i]'s: its successful runs and
// its last error.
func (b *bench) interleave(ctx context.Context, label string, order []contender, d time.Duration) (samples [][]sample, errs []error) {
	samples = make([][]sample, len(order))
	errs = make([]error, len(order))
	for run := range b.runs {
		for k := range order {
			i := (run + k) % len(order)
			c := order[i]
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				break
			}
			s, err := c.run(ctx, d)
			if err != nil {
				errs[i] = err
				b.logf("%s: %s: %v", label, c.name, err)
				continue
			}
			b.logf("%s: %s: %.0f ops/s (%s)", label, c.name, s.Throughput, s.describe())
			samples[i] = append(samples[i], s)
		}
	}
	return samples, errs
}

// closedRows turns the interleaved samples of a case (in tc.order()) into
// its throughput row (median throughput ÷ the bare loop's, at least
// closedThroughputMin) and its CPU row (the median run's CPU per op ÷ the
// bare loop's, at most tc.cpuMax). bare is the bare loop's median sample;
// ok is false when it has none.
func closedRows(group, cpuGroup string, tc throughputCase, samples [][]sample, errs []error) (row, cpu Row, bare sample, ok bool) {
	row = Row{
		Group: group, Name: tc.name, Unit: "ops/s", BaselineName: tc.bare.name,
		Target: &Target{Of: OfBaseline, Op: ">=", Bound: closedThroughputMin},
	}
	cpu = Row{Group: cpuGroup, Name: tc.name, Unit: "µs", BaselineName: tc.bare.name}
	if tc.cpuMax > 0 {
		cpu.Target = &Target{Of: OfBaseline, Op: "<=", Bound: tc.cpuMax}
	}
	fixed := 2 // bare and stressql, then the tool, then tc.also
	if tc.tool != nil {
		fixed = 3
	}
	for i, c := range tc.order() {
		m, found := median(samples[i])
		if !found {
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
			bare, ok = m, true
		case 1:
			row.Stressql, cpu.Stressql = ptr(m.Throughput), perOp
		case 2:
			if tc.tool != nil {
				row.Tool, row.ToolName = ptr(m.Throughput), c.name
				cpu.Tool, cpu.ToolName = perOp, c.name
			}
		}
		row.note("%s (median of %d): %s", c.name, len(samples[i]), m.describe())
		if i >= fixed && row.Stressql != nil && m.Throughput > 0 {
			row.note("stressql ÷ %s: %.3f", c.name, *row.Stressql/m.Throughput)
		}
	}
	row.finish()
	cpu.finish()
	return row, cpu, bare, ok
}

// measureThroughput runs every case, interleaved b.runs times (bare,
// stressql, tool, bare, ...), and reports the medians. A second group
// of rows gives each contender's CPU time per operation: on a machine
// where client and server share the cores, the client's CPU is the
// server's loss, so this is what decides the throughput ratios, and it is
// far less sensitive to other load than throughput is.
func (b *bench) measureThroughput(ctx context.Context) []Row {
	var rows, cpuRows []Row
	for _, tc := range b.throughputCases() {
		samples, errs := b.interleave(ctx, tc.name, tc.order(), b.duration)
		row, cpu, bare, ok := closedRows("throughput (closed model)", "client CPU per op", tc, samples, errs)
		if ok && tc.ceiling {
			b.ceiling = bare.Throughput
		}
		b.noteFixedCPU(ctx, &cpu, tc, samples[1])
		rows = append(rows, row)
		cpuRows = append(cpuRows, cpu)
	}
	return append(rows, cpuRows...)
}

// fixedCPURun is the load duration of the run that measures stressql's
// fixed CPU cost: start-up, compile, pool warm-up, report, exit.
const fixedCPURun = time.Millisecond

// noteFixedCPU runs tc's stressql once for fixedCPURun and notes on cpu
// how much of the median run's CPU is that fixed cost, and the CPU per
// op and ratio without it. The verdict stays on the whole CPU (what the
// machine spent); the note tells how much of a miss is the process
// around the load rather than the hot path.
func (b *bench) noteFixedCPU(ctx context.Context, cpu *Row, tc throughputCase, sq []sample) {
	m, ok := median(sq)
	if !ok || ctx.Err() != nil {
		return
	}
	f, err := tc.stressql.run(ctx, fixedCPURun)
	if err != nil {
		cpu.note("stressql's fixed CPU (a %s run) not measured: %v", fixedCPURun, err)
		return
	}
	fixedCPUNote(cpu, m, f.CPU)
}

// fixedCPUNote adds the note of noteFixedCPU for stressql's median sample
// m and a fixed CPU cost.
func fixedCPUNote(cpu *Row, m sample, fixed time.Duration) {
	n := m.OK + m.Failed
	if m.CPU <= 0 || n == 0 || fixed <= 0 {
		return
	}
	rest := max(m.CPU-fixed, 0)
	perOp := float64(rest) / float64(time.Microsecond) / float64(n)
	note := fmt.Sprintf("stressql's fixed CPU (start-up, pool warm-up, report; a %s run): %.1f ms, %.1f%% of the run's; without it %.3f µs/op",
		fixedCPURun, float64(fixed)/float64(time.Millisecond), 100*float64(fixed)/float64(m.CPU), perOp)
	if cpu.Baseline != nil && *cpu.Baseline > 0 {
		note += fmt.Sprintf(", ratio %.3f", perOp / *cpu.Baseline)
	}
	cpu.note("%s", note)
}
