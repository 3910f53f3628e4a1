package main

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// memoryVars open the whole pool before the load starts: connections the
// pool opens later, on a stall, are the pool under test growing, and would
// make a run's peak depend on its worst moment rather than on stressql.
var memoryVars = map[string]string{"min_idle_conns": "100"} // = max_workers, pool_size

// Memory targets.
const (
	memoryRate       = 5000.0
	memoryShort      = 10 * time.Second
	memoryMiddle     = 30 * time.Second
	memoryLong       = 60 * time.Second
	memoryGrowthMax  = 1.10 // the long run's peak RSS ÷ the short run's
	suiteRSSMaxMB    = 150.0
	suiteRunTimeout  = 20 * time.Minute
	seedScenariosDir = "scenarios"
)

// measureMemory compares the peak RSS (the child's VmHWM, see peakrss.go) of
// 10 s, 30 s and 60 s constant_rate runs at 5000/s: a recorder or sampler
// that grows with time shows up as a ratio above 1. The target compares
// 60 s with 10 s; 60 s with 30 s is reported beside it because a short
// run may end before the garbage collector's first cycle, while both
// longer ones are past it. With -runs N each duration runs N times,
// interleaved, and the median peak is reported: a run's peak depends on
// its busiest moment (how many connections and workers a stall made the
// pool and the open model open), which varies from run to run. With full,
// it also runs the whole seed suite.
func (b *bench) measureMemory(ctx context.Context) []Row {
	// Only these runs poll the child's VmHWM (see command.peakRSS).
	withRSS := *b
	withRSS.sq.peakRSS = true
	b = &withRSS
	const group = "memory (peak RSS)"
	name := func(d time.Duration) string { return fmt.Sprintf("constant_rate %s/s, %s", human(memoryRate), d) }
	durations := []time.Duration{memoryShort, memoryMiddle, memoryLong}
	all := map[time.Duration][]float64{}
	notes := map[time.Duration][]string{}
	errs := map[time.Duration]error{}
	for run := range b.runs {
		for _, d := range durations {
			if ctx.Err() != nil {
				errs[d] = ctx.Err()
				continue
			}
			rr, err := b.runRate(ctx, memoryRate, d, memoryVars)
			if err != nil {
				b.logf("%s: %v", name(d), err)
				errs[d] = err
				continue
			}
			mb := kbToMB(rr.maxRSSKB)
			b.logf("%s: peak RSS %.1f MB (run %d)", name(d), mb, run+1)
			all[d] = append(all[d], mb)
			notes[d] = append(notes[d], fmt.Sprintf("%s run %d: peak RSS %.1f MB, Go heap up to %.1f MB, %.0f pool connections, %.0f goroutines; %d ok, %d dropped of %d scheduled",
				d, run+1, mb, rr.heapMaxMB, rr.connsMax, rr.goroutinesMax, rr.ops.OK, rr.ops.Dropped, rr.expected))
		}
	}
	peaks := map[time.Duration]*float64{}
	for d, mbs := range all {
		if errs[d] == nil {
			peaks[d] = ptr(medianOf(mbs))
		}
	}
	row := func(d, base time.Duration, target *Target, notes []string) Row {
		r := Row{Group: group, Name: name(d), Unit: "MB", Stressql: peaks[d], Target: target, Notes: notes}
		if base > 0 {
			r.Name += " vs " + base.String()
			r.Baseline, r.BaselineName = peaks[base], base.String()+" run"
		}
		if err := errs[d]; err != nil {
			r.fail(err)
		}
		return finished(r)
	}
	rows := []Row{
		row(memoryShort, 0, nil, notes[memoryShort]),
		row(memoryLong, memoryShort, &Target{Of: OfBaseline, Op: "<=", Bound: memoryGrowthMax},
			append(notes[memoryMiddle], notes[memoryLong]...)),
		row(memoryLong, memoryMiddle, nil,
			[]string{"both runs are past the garbage collector's first cycle: a leak would show here too, GC pacing does not"}),
	}

	suite := Row{Group: group, Name: "full seed suite: stressql run scenarios/", Unit: "MB",
		Target: &Target{Of: OfValue, Op: "<", Bound: suiteRSSMaxMB}}
	if !b.full {
		suite.Status = StatusInfo
		suite.note("not run: pass -full (about 2 minutes)")
		return append(rows, suite)
	}
	b.logf("%s: running (about 2 minutes)", suite.Name)
	run, res, err := b.sq.runPaths(ctx, []string{seedScenariosDir}, suiteRunTimeout, nil, false)
	if err != nil {
		b.logf("%s: %v", suite.Name, err)
		suite.fail(err)
		return append(rows, finished(suite))
	}
	suite.Stressql = ptr(kbToMB(res.MaxRSSKB))
	c := run.Summary
	suite.note("%d scenarios in %.0f s: %d passed, %d failed, %d errored (exit %d); outcomes do not matter here, only memory",
		c.Total, res.Elapsed.Seconds(), c.Passed, c.Failed, c.Errored, res.ExitCode)
	b.logf("%s: peak RSS %.1f MB", suite.Name, *suite.Stressql)
	return append(rows, finished(suite))
}

func kbToMB(kb int64) float64 { return float64(kb) / 1024 }

// medianOf returns the median of xs (the lower middle one for an even
// count, as median does for samples); xs is not empty.
func medianOf(xs []float64) float64 {
	sorted := append([]float64(nil), xs...)
	sort.Float64s(sorted)
	return sorted[(len(sorted)-1)/2]
}
