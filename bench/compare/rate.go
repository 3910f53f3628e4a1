package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// Open-model settings and targets.
var (
	latenessTargetMs    = 1.0
	keepUpShare         = 0.8 // a rate above this share of the ceiling is beyond the machine
	rateAccuracyPercent = 0.01
	openMaxWorkers      = 100 // bench_redis_rate's max_workers default
	// servedMin bounds stressql's ok iterations ÷ the bare open loop's
	// at a saturating rate; droppedMax bounds stressql's drops as a
	// multiple of the bare loop's below saturation (issue 19).
	servedMin  = 0.95
	droppedMax = 1.0
)

// openCase is one open-model rate. Below saturation the targets are the
// rate itself, lateness p99 < 1 ms, and no more drops than the bare open
// loop; at a saturating rate (more than this machine serves: both drop)
// the target is to serve at least servedMin × what the bare loop serves.
type openCase struct {
	rate      float64
	saturated bool
}

// openCases are the rates measured: 50 000/s saturates the project's
// two-core machine (docs/performance.md; issue 19).
var openCases = []openCase{{rate: 1000}, {rate: 10000}, {rate: 50000, saturated: true}}

// rateRun is what one constant_rate run of bench_redis_rate gave.
type rateRun struct {
	target   float64
	achieved float64 // ok iterations per second of the load's duration
	ops      results.Ops
	expected int64   // rate × duration, the schedule's count
	p99      float64 // latency from the intended start, ms
	// lateness is the p99 of dispatch lateness in ms; latenessBound says
	// it is only an upper bound taken from the latency p99, because the
	// report has no lateness histogram.
	lateness      float64
	latenessBound bool
	maxRSSKB      int64
	// What the peak RSS held: the sampled Go heap, the pool's connections
	// and the goroutines, at their highest.
	heapMaxMB, connsMax, goroutinesMax float64
}

// runRate runs bench_redis_rate at rate for d, with extra variables.
func (b *bench) runRate(ctx context.Context, rate float64, d time.Duration, extra map[string]string) (rateRun, error) {
	return b.runRateArgs(ctx, rate, d, extra, nil)
}

// runRateArgs is runRate with extra command-line arguments and a check of
// the finished child (see stressqlContenderArgs); args may be nil.
func (b *bench) runRateArgs(ctx context.Context, rate float64, d time.Duration, extra map[string]string, args runArgs) (rateRun, error) {
	vars := map[string]string{"rate": fmt.Sprint(rate), "rate_duration": hclString(d.String())}
	maps.Copy(vars, extra)
	var flags []string
	var check func(childResult) error
	if args != nil {
		flags, check = args(d)
	}
	run, res, err := b.sq.runArgs(ctx, "bench_redis_rate", 2*d+2*time.Minute, vars, flags)
	if check != nil {
		if cerr := check(res); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return rateRun{}, err
	}
	sc, r, err := loadResult(run, "ping")
	if err != nil {
		return rateRun{}, err
	}
	rr := rateRun{
		target: rate, achieved: r.Throughput, ops: r.Ops, maxRSSKB: res.MaxRSSKB,
		expected: int64(rate * d.Seconds()), p99: r.Latency.P99,
		heapMaxMB: sc.Result.Process.HeapMB.Max, connsMax: sc.Result.Pool.TotalConns.Max,
		goroutinesMax: sc.Result.Process.Goroutines.Max,
	}
	if l, ok, err := latenessP99(sc.Result, r); err != nil {
		return rr, err
	} else if ok {
		rr.lateness = l
	} else {
		rr.lateness, rr.latenessBound = r.Latency.P99, true
	}
	return rr, nil
}

// latenessP99 reads the p99 of a "lateness" histogram (µs, like the
// others) from the load's or else the scenario's histograms. ok is false
// when the report has none.
func latenessP99(scenario, load *results.Result) (ms float64, ok bool, err error) {
	for _, r := range []*results.Result{load, scenario} {
		enc := r.Histograms["lateness"]
		if enc == "" {
			continue
		}
		h, err := hdrhistogram.Decode([]byte(enc))
		if err != nil {
			return 0, false, fmt.Errorf("decode lateness histogram: %w", err)
		}
		if h.TotalCount() == 0 {
			return 0, false, errors.New("lateness histogram is empty")
		}
		return float64(h.ValueAtQuantile(99)) / 1000, true, nil
	}
	return 0, false, nil
}

// openRuns are the interleaved runs of one open-model rate: stressql's
// and the bare open loop's, and each side's last error.
type openRuns struct {
	sq             []rateRun
	bare           []openResult
	sqErr, bareErr error
}

// runOpen runs rate b.runs times interleaved, alternating which side goes
// first (the bare open loop, then stressql (args as for runRateArgs); then
// stressql, then the bare loop; ...), for the reason interleave rotates.
func (b *bench) runOpen(ctx context.Context, label string, rate float64, args runArgs) openRuns {
	var o openRuns
	bare := func() {
		br, err := bareOpenRedis(ctx, b.targets.redis, rate, b.rateDuration, openMaxWorkers)
		if err != nil {
			o.bareErr = err
			b.logf("%s: bare open loop: %v", label, err)
			return
		}
		b.logf("%s: bare open loop: %d ok, %d failed, %d dropped", label, br.ok, br.failed, br.dropped)
		o.bare = append(o.bare, br)
	}
	sq := func() {
		rr, err := b.runRateArgs(ctx, rate, b.rateDuration, nil, args)
		if err != nil {
			o.sqErr = err
			b.logf("%s: stressql: %v", label, err)
			return
		}
		b.logf("%s: stressql: achieved %.1f/s, ops %+v, latency p99 %.3f ms, lateness p99 %.3f ms", label, rr.achieved, rr.ops, rr.p99, rr.lateness)
		o.sq = append(o.sq, rr)
	}
	for run := range b.runs {
		first, second := bare, sq
		if run%2 == 1 {
			first, second = sq, bare
		}
		for _, side := range []func(){first, second} {
			if ctx.Err() != nil {
				o.sqErr, o.bareErr = ctx.Err(), ctx.Err()
				return o
			}
			side()
		}
	}
	return o
}

// openRowSet is what one open-model rate reports: accuracy (achieved ÷
// target, lateness p99) and the comparison with the bare open loop
// (dropped, served).
type openRowSet struct {
	achieved, lateness, dropped, served Row
}

// openRows builds the rows of one rate from its runs, with medians over
// the runs (each number's own median). ceiling is the machine's closed
// PING ceiling when measured (0 if not): an achieved-rate miss above
// keepUpShare of it is INFO.
func openRows(accGroup, vsGroup, name string, oc openCase, o openRuns, ceiling float64) openRowSet {
	rs := openRowSet{
		achieved: Row{Group: accGroup, Name: name + ": achieved rate", Unit: "ops/s",
			Baseline: ptr(oc.rate), BaselineName: "target",
			Target: &Target{Of: OfBaseline, Op: "±", Bound: rateAccuracyPercent}},
		lateness: Row{Group: accGroup, Name: name + ": lateness p99", Unit: "ms"},
		dropped:  Row{Group: vsGroup, Name: name + ": dropped", Unit: "it", BaselineName: "bare open loop"},
		served:   Row{Group: vsGroup, Name: name + ": served (ok)", Unit: "it", BaselineName: "bare open loop"},
	}
	if oc.saturated {
		rs.served.Target = &Target{Of: OfBaseline, Op: ">=", Bound: servedMin}
		rs.lateness.note("no target at a saturating rate")
		rs.dropped.note("no target at a saturating rate: both drop; served decides")
	} else {
		rs.lateness.Target = &Target{Of: OfValue, Op: "<", Bound: latenessTargetMs}
		rs.dropped.Target = &Target{Of: OfScaled, Op: "<=", Bound: droppedMax}
	}

	if len(o.bare) == 0 {
		rs.dropped.note("bare open loop: not measured: %v", o.bareErr)
		rs.served.note("bare open loop: not measured: %v", o.bareErr)
	} else {
		var ok, dropped []float64
		for i, br := range o.bare {
			ok, dropped = append(ok, float64(br.ok)), append(dropped, float64(br.dropped))
			n := fmt.Sprintf("bare open loop run %d (timer scheduler, %d workers): %d ok, %d failed, %d dropped", i+1, openMaxWorkers, br.ok, br.failed, br.dropped)
			if br.latency != nil && br.latency.TotalCount() > 0 {
				n += fmt.Sprintf("; latency p50 %.3f ms, p99 %.3f ms",
					float64(br.latency.ValueAtQuantile(50))/1000, float64(br.latency.ValueAtQuantile(99))/1000)
			}
			rs.achieved.note("%s", n)
		}
		rs.dropped.Baseline, rs.served.Baseline = ptr(medianOf(dropped)), ptr(medianOf(ok))
	}

	if len(o.sq) == 0 {
		err := o.sqErr
		if err == nil {
			err = errors.New("no run")
		}
		for _, r := range []*Row{&rs.achieved, &rs.lateness, &rs.dropped, &rs.served} {
			r.fail(err)
			r.finish()
		}
		return rs
	}
	if o.sqErr != nil {
		rs.achieved.note("a stressql run failed: %v", o.sqErr)
	}
	var achieved, late, ok, dropped []float64
	bound := false
	for i, rr := range o.sq {
		achieved, late = append(achieved, rr.achieved), append(late, rr.lateness)
		ok, dropped = append(ok, float64(rr.ops.OK)), append(dropped, float64(rr.ops.Dropped))
		bound = bound || rr.latenessBound
		rs.achieved.note("stressql run %d: %d ok, %d failed, %d dropped of %d scheduled; latency p99 (from the intended start) %.3f ms, lateness p99 %.3f ms",
			i+1, rr.ops.OK, rr.ops.Failed, rr.ops.Dropped, rr.expected, rr.p99, rr.lateness)
	}
	rs.achieved.Stressql, rs.lateness.Stressql = ptr(medianOf(achieved)), ptr(medianOf(late))
	rs.served.Stressql, rs.dropped.Stressql = ptr(medianOf(ok)), ptr(medianOf(dropped))
	if n := len(o.sq); n > 1 {
		rs.achieved.note("medians of %d runs, each number its own", n)
	}

	rs.achieved.finish()
	if ceiling > 0 && oc.rate > keepUpShare*ceiling {
		rs.achieved.note("target beyond %.0f%% of this machine's ceiling (bare go-redis PING %.0f/s): server and load generator share 2 cores",
			keepUpShare*100, ceiling)
		if rs.achieved.Status == StatusMiss {
			rs.achieved.Status = StatusInfo
		}
	}
	if bound {
		rs.lateness.note("upper bound: the latency p99 from the intended start; the JSON report has no lateness histogram")
	}
	rs.lateness.finish()
	if rs.lateness.Status == StatusMiss && bound {
		rs.lateness.note("a bound above the target proves nothing: lateness itself was not reported")
	}
	rs.dropped.finish()
	rs.served.finish()
	return rs
}

// measureRates runs the open model at each of openCases, interleaved with
// the bare open loop, and reports per rate achieved ÷ target and the p99
// of dispatch lateness, then in a second group stressql's drops and
// served iterations beside the bare loop's.
func (b *bench) measureRates(ctx context.Context) []Row {
	var acc, vs []Row
	for _, oc := range openCases {
		if ctx.Err() != nil {
			break
		}
		name := fmt.Sprintf("constant_rate %s/s, %s", human(oc.rate), b.rateDuration)
		rs := openRows("open model accuracy", "open model vs bare open loop", name, oc, b.runOpen(ctx, name, oc.rate, nil), b.ceiling)
		acc = append(acc, rs.achieved, rs.lateness)
		vs = append(vs, rs.dropped, rs.served)
	}
	return append(acc, vs...)
}

// finished returns r after finish.
func finished(r Row) Row {
	r.finish()
	return r
}
