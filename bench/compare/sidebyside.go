package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
)

// The side-by-side rows run stressql and the bare loop at the same time,
// each with half the connections of the closed-model row, and compare
// them over one window: stressql's load as its report gives it. The
// interleaved rows compare runs made seconds apart, and this machine's
// speed drifts between consecutive 10 s runs by more than their targets'
// margins (docs/performance.md, "Closed-model ratios near 0.95"); here
// both contenders see the same machine in the same second, so drift
// moves both alike. What it measures is different, too, and the notes
// say so: two closed loops sharing two cores and one server split what
// they get by how much each needs per operation, so a client that costs
// x % more CPU per operation loses less than x % of throughput. The CPU
// per operation row, read from /proc for both over the same window, is
// the direct measure.

// sideTick is how often a side-by-side run samples the bare loop's
// completions and both processes' CPU time. The window's edges are
// interpolated between samples.
const sideTick = 20 * time.Millisecond

// clockTicks is the unit of utime and stime in /proc/PID/stat (USER_HZ,
// 100 on every Linux architecture Go supports).
const clockTicks = 100

// sideCase is one side-by-side comparison: stressql's scenario and load
// with connsVar set to conns, and the bare loop's operation on a pool of
// as many connections.
type sideCase struct {
	name                     string
	scenario, load, connsVar string
	conns                    int
	bareName                 string
	open                     func(ctx context.Context, n int) (opFunc, func(), error)
}

// sideCases are the closed-model rows of measureThroughput, run side by
// side with half the connections each.
func (b *bench) sideCases() []sideCase {
	rd, pg := b.targets.redis, b.targets.postgres
	redis := func(workload string) func(ctx context.Context, n int) (opFunc, func(), error) {
		return func(ctx context.Context, n int) (opFunc, func(), error) { return redisWorkload(ctx, rd, workload, n) }
	}
	return []sideCase{
		{name: "redis PING, 25 + 25 conns", scenario: "bench_redis_ping", load: redisPing, connsVar: "redis_conns",
			conns: 25, bareName: "go-redis loop, same window", open: redis(redisPing)},
		{name: "redis SET ... PX, 25 + 25 conns", scenario: "bench_redis_set", load: redisSet, connsVar: "redis_conns",
			conns: 25, bareName: "go-redis loop SET ... PX, same window", open: redis(redisSetTTL)},
		{name: "postgres SELECT 1, 10 + 10 conns", scenario: "bench_pg_select1", load: pgSelect1, connsVar: "pg_conns",
			conns: 10, bareName: "pgxpool loop, same window", open: func(ctx context.Context, n int) (opFunc, func(), error) {
				return pgWorkload(ctx, pg, pgSelect1, n)
			}},
	}
}

// sidePoint is one sample of a side-by-side run: the bare loop's
// completed operations and this process's CPU time, and the child's CPU
// time (negative when it could not be read: before the child started or
// after it was reaped).
type sidePoint struct {
	at                time.Time
	ok, failed        int64
	selfCPU, childCPU time.Duration
}

// sideWorker is one goroutine of the bare loop; its counters are read by
// the sampler while it runs, so they are atomic, and padded apart.
type sideWorker struct {
	ok, failed atomic.Int64
	hist       *hdrhistogram.Histogram
	firstErr   error
	_          [64]byte
}

// sidePair is one side-by-side run's two samples over the same window.
type sidePair struct {
	stressql, bare sample
}

// runSide runs sc once: the bare loop starts first, on its own pool of
// sc.conns connections, stressql runs its load meanwhile as a child
// process, and the bare loop stops when the child has exited. Both
// samples cover the window of stressql's load: the bare loop's
// completions and CPU time are interpolated between sideTick samples at
// its edges, stressql's CPU time likewise from /proc/PID/stat. The bare
// loop's percentiles are over its whole run, not only the window.
func (b *bench) runSide(ctx context.Context, sc sideCase, d time.Duration) (sidePair, error) {
	op, done, err := sc.open(ctx, sc.conns)
	if err != nil {
		return sidePair{}, err
	}
	defer done()

	workers := make([]sideWorker, sc.conns)
	var stop atomic.Bool
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := range workers {
		wk := &workers[i]
		wk.hist = metrics.NewHistogram()
		wg.Go(func() {
			// closedLoop's body, with counters the sampler can read. Not
			// shared through a function: it would not be inlined, and
			// closedLoop is the baseline of every interleaved row.
			for !stop.Load() && ctx.Err() == nil {
				t0 := time.Now()
				err := op(ctx, i, next.Add(1)-1)
				us := int64(time.Since(t0) / time.Microsecond)
				_ = wk.hist.RecordValue(max(us, 1))
				if err != nil {
					wk.failed.Add(1)
					if wk.firstErr == nil {
						wk.firstErr = err
					}
					continue
				}
				wk.ok.Add(1)
			}
		})
	}

	var pid atomic.Int64
	var mu sync.Mutex // points: the sampler and the child's start append
	var points []sidePoint
	take := func() {
		mu.Lock()
		defer mu.Unlock()
		p := sidePoint{at: time.Now(), selfCPU: selfCPU(), childCPU: -1}
		for i := range workers {
			p.ok += workers[i].ok.Load()
			p.failed += workers[i].failed.Load()
		}
		if id := pid.Load(); id > 0 {
			if c, err := procCPU(int(id)); err == nil {
				p.childCPU = c
			}
		}
		points = append(points, p)
	}
	quit, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(sideTick)
		defer t.Stop()
		take()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				take()
			}
		}
	}()

	sq := b.sq
	// A point as the child starts: stressql can start its load within
	// one tick of its exec.
	sq.started = func(p int) { pid.Store(int64(p)); take() }
	vars := map[string]string{"duration": hclString(d.String()), sc.connsVar: fmt.Sprint(sc.conns)}
	run, res, runErr := sq.run(ctx, sc.scenario, 2*d+2*time.Minute, vars)
	close(quit)
	<-sampled
	stop.Store(true)
	wg.Wait()
	take()
	if runErr != nil {
		return sidePair{}, runErr
	}
	// The points after the child was reaped have no /proc entry to read;
	// its CPU time then is its final one, from wait4.
	for i := len(points) - 1; i >= 0 && points[i].childCPU < 0 && res.CPU > 0; i-- {
		points[i].childCPU = res.CPU
	}
	scen, r, err := loadResult(run, sc.load)
	if err != nil {
		return sidePair{}, err
	}
	from := scen.StartedAt.Add(msDuration(r.StartMs))
	to := from.Add(msDuration(r.Duration))
	var pair sidePair
	pair.stressql = sampleOf(r, res)
	cpu0, ok0 := interpolate(points, from, func(p sidePoint) float64 { return float64(p.childCPU) })
	cpu1, ok1 := interpolate(points, to, func(p sidePoint) float64 { return float64(p.childCPU) })
	if !ok0 || !ok1 {
		return sidePair{}, fmt.Errorf("stressql's CPU time was not sampled over its load's window (%s to %s)",
			from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano))
	}
	pair.stressql.CPU = time.Duration(cpu1 - cpu0)

	bare, err := windowSample(points, from, to)
	if err != nil {
		return sidePair{}, err
	}
	all := metrics.NewHistogram()
	var firstErr error
	for i := range workers {
		all.Merge(workers[i].hist)
		if firstErr == nil {
			firstErr = workers[i].firstErr
		}
	}
	bare.fromHistogram(all)
	if bare.OK == 0 && firstErr != nil {
		return sidePair{}, fmt.Errorf("%s: %w", sc.bareName, firstErr)
	}
	pair.bare = bare
	return pair, nil
}

// windowSample is the bare loop's sample over [from, to], from the
// side-by-side points.
func windowSample(points []sidePoint, from, to time.Time) (sample, error) {
	var v [2][3]float64 // at from, to: ok, failed, CPU
	for i, t := range []time.Time{from, to} {
		for j, get := range []func(sidePoint) float64{
			func(p sidePoint) float64 { return float64(p.ok) },
			func(p sidePoint) float64 { return float64(p.failed) },
			func(p sidePoint) float64 { return float64(p.selfCPU) },
		} {
			x, ok := interpolate(points, t, get)
			if !ok {
				return sample{}, fmt.Errorf("the bare loop did not run over stressql's load window (%s to %s)",
					from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano))
			}
			v[i][j] = x
		}
	}
	s := sample{
		OK:      int64(v[1][0] - v[0][0] + 0.5),
		Failed:  int64(v[1][1] - v[0][1] + 0.5),
		Elapsed: to.Sub(from),
		CPU:     time.Duration(v[1][2] - v[0][2]),
	}
	if s.Elapsed <= 0 {
		return sample{}, errors.New("stressql's load window is empty")
	}
	s.Throughput = (v[1][0] - v[0][0]) / s.Elapsed.Seconds()
	return s, nil
}

// interpolate is get's value at t, linear between the points on either
// side of it (points in time order). ok is false when t is outside the
// points or a point it needs has a negative value (not measured).
func interpolate(points []sidePoint, t time.Time, get func(sidePoint) float64) (float64, bool) {
	i := sort.Search(len(points), func(i int) bool { return !points[i].at.Before(t) })
	if i == len(points) {
		return 0, false
	}
	hi := points[i]
	if hi.at.Equal(t) {
		y := get(hi)
		return y, y >= 0
	}
	if i == 0 {
		return 0, false
	}
	lo := points[i-1]
	y0, y1 := get(lo), get(hi)
	if y0 < 0 || y1 < 0 {
		return 0, false
	}
	f := float64(t.Sub(lo.at)) / float64(hi.at.Sub(lo.at))
	return y0 + f*(y1-y0), true
}

// procCPU is process pid's user + system CPU time, all threads, from
// /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStatCPU(b)
}

// parseStatCPU reads utime and stime (fields 14 and 15) from a
// /proc/PID/stat line. The command name, field 2, is in parentheses and
// may hold spaces and parentheses itself: fields are counted from the
// last ')'.
func parseStatCPU(stat []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, errors.New("/proc stat: no command name")
	}
	f := bytes.Fields(stat[i+1:]) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc stat: %d fields after the command name, want at least 13", len(f))
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc stat: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// msDuration converts milliseconds (a report's float) to a Duration.
func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// Side-by-side row groups.
const (
	sideGroup    = "side by side (closed model, one window)"
	sideCPUGroup = "side by side: client CPU per op"
)

// sideRows turns a case's pairs into its throughput row and its CPU row.
// Each row shows the pair with the median ratio (the lower middle for an
// even count), and notes every pair's.
func sideRows(sc sideCase, pairs []sidePair, lastErr error) (row, cpu Row) {
	row = Row{Group: sideGroup, Name: sc.name, Unit: "ops/s", BaselineName: sc.bareName,
		Target: &Target{Of: OfBaseline, Op: ">=", Bound: closedThroughputMin}}
	cpu = Row{Group: sideCPUGroup, Name: sc.name, Unit: "µs", BaselineName: sc.bareName,
		Target: &Target{Of: OfBaseline, Op: "<=", Bound: closedCPUMax}}
	if len(pairs) == 0 {
		for _, r := range []*Row{&row, &cpu} {
			r.Status = StatusError
			r.note("not measured: %v", lastErr)
			r.finish()
		}
		return row, cpu
	}
	pick := func(r *Row, value func(sample) float64, what string) {
		type scored struct {
			p     sidePair
			ratio float64
		}
		var ok []scored
		var all []string
		for _, p := range pairs {
			s, b := value(p.stressql), value(p.bare)
			if s <= 0 || b <= 0 {
				all = append(all, "unmeasured")
				continue
			}
			ok = append(ok, scored{p, s / b})
			all = append(all, fmt.Sprintf("%.3f", s/b))
		}
		r.note("%s ratio per run: %s", what, strings.Join(all, ", "))
		if len(ok) == 0 {
			r.Status = StatusError
			r.note("no run measured both")
			return
		}
		sorted := append([]scored(nil), ok...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i].ratio < sorted[j].ratio })
		m := sorted[(len(sorted)-1)/2].p
		r.Stressql, r.Baseline = ptr(value(m.stressql)), ptr(value(m.bare))
		r.note("stressql (median run): %s", m.stressql.describe())
		r.note("%s (median run): %s", sc.bareName, m.bare.describe())
	}
	pick(&row, func(s sample) float64 { return s.Throughput }, "throughput")
	pick(&cpu, func(s sample) float64 { return s.cpuPerOp() }, "CPU per op")
	if lastErr != nil {
		row.note("a run failed: %v", lastErr)
	}
	row.finish()
	cpu.finish()
	return row, cpu
}

// measureSideBySide runs every side-by-side case b.runs times for
// b.duration and reports the median pairs.
func (b *bench) measureSideBySide(ctx context.Context) []Row {
	var rows, cpuRows []Row
	for _, sc := range b.sideCases() {
		var pairs []sidePair
		var lastErr error
		for range b.runs {
			if ctx.Err() != nil {
				lastErr = ctx.Err()
				break
			}
			p, err := b.runSide(ctx, sc, b.duration)
			if err != nil {
				lastErr = err
				b.logf("%s: %v", sc.name, err)
				continue
			}
			b.logf("%s: stressql %.0f ops/s (%s); %s %.0f ops/s (%s)", sc.name,
				p.stressql.Throughput, p.stressql.describe(), sc.bareName, p.bare.Throughput, p.bare.describe())
			pairs = append(pairs, p)
		}
		row, cpu := sideRows(sc, pairs, lastErr)
		rows = append(rows, row)
		cpuRows = append(cpuRows, cpu)
	}
	return append(rows, cpuRows...)
}
