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

// Open-model rates measured, and the one whose dispatch lateness has a
// target.
var (
	openRates           = []float64{1000, 10000, 50000}
	latenessTargetRate  = 10000.0
	latenessTargetMs    = 1.0
	keepUpShare         = 0.8 // a rate above this share of the ceiling is beyond the machine
	rateAccuracyPercent = 0.01
	openMaxWorkers      = 100 // bench_redis_rate's max_workers default
)

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
	vars := map[string]string{"rate": fmt.Sprint(rate), "rate_duration": hclString(d.String())}
	maps.Copy(vars, extra)
	run, res, err := b.sq.run(ctx, "bench_redis_rate", 2*d+2*time.Minute, vars)
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

// measureRates runs the open model at each of openRates and reports, per
// rate, achieved ÷ target and the p99 of dispatch lateness.
func (b *bench) measureRates(ctx context.Context) []Row {
	var rows []Row
	for _, rate := range openRates {
		if ctx.Err() != nil {
			break
		}
		name := fmt.Sprintf("constant_rate %s/s, %s", human(rate), b.rateDuration)
		acc := Row{
			Group: "open model accuracy", Name: name + ": achieved rate", Unit: "ops/s",
			Baseline: ptr(rate), BaselineName: "target",
			Target: &Target{Of: OfBaseline, Op: "±", Bound: rateAccuracyPercent},
		}
		late := Row{Group: "open model accuracy", Name: name + ": lateness p99", Unit: "ms"}
		if rate == latenessTargetRate {
			late.Target = &Target{Of: OfValue, Op: "<", Bound: latenessTargetMs}
		}
		rr, err := b.runRate(ctx, rate, b.rateDuration, nil)
		if err != nil {
			b.logf("%s: %v", name, err)
			acc.fail(err)
			late.fail(err)
			rows = append(rows, finished(acc), finished(late))
			continue
		}
		b.logf("%s: achieved %.1f/s, ops %+v, latency p99 %.3f ms, lateness p99 %.3f ms", name, rr.achieved, rr.ops, rr.p99, rr.lateness)
		acc.Stressql = ptr(rr.achieved)
		acc.note("stressql: %d ok, %d failed, %d dropped of %d scheduled; latency p99 (from the intended start) %.3f ms",
			rr.ops.OK, rr.ops.Failed, rr.ops.Dropped, rr.expected, rr.p99)
		if br, err := bareOpenRedis(ctx, b.targets.redis, rate, b.rateDuration, openMaxWorkers); err != nil {
			acc.note("bare open-model go-redis loop: not measured: %v", err)
		} else {
			acc.note("bare open-model go-redis loop (timer scheduler, %d workers): %d ok, %d failed, %d dropped; latency p50 %.3f ms, p99 %.3f ms",
				openMaxWorkers, br.ok, br.failed, br.dropped,
				float64(br.latency.ValueAtQuantile(50))/1000, float64(br.latency.ValueAtQuantile(99))/1000)
		}
		acc.finish()
		if b.ceiling > 0 && rate > keepUpShare*b.ceiling {
			acc.note("target beyond %.0f%% of this machine's ceiling (bare go-redis PING %.0f/s): server and load generator share 2 cores",
				keepUpShare*100, b.ceiling)
			if acc.Status == StatusMiss {
				acc.Status = StatusInfo
			}
		}
		late.Stressql = ptr(rr.lateness)
		if rr.latenessBound {
			late.note("upper bound: the latency p99 from the intended start; the JSON report has no lateness histogram")
		}
		late.finish()
		if late.Status == StatusMiss && rr.latenessBound {
			late.note("a bound above the target proves nothing: lateness itself was not reported")
		}
		rows = append(rows, acc, late)
	}
	return rows
}

// finished returns r after finish.
func finished(r Row) Row {
	r.finish()
	return r
}
