package checks

import (
	"fmt"
	"math"
	"strings"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// Windows evaluates the windowed checks of one scenario (plan.Check.Window
// not 0) while it runs. The engine makes one per scenario with
// NewWindows, hands it every series event of the scenario, in the order
// series.Sink documents (the load and phase events of an interval before
// the scenario event of that interval), and stops the scenario's loads
// when Interval returns true. After the scenario, EvaluateAll gives every
// check's result in plan order: whole-run checks over the scenario's
// results, windowed checks from Windows.
//
// A window of a check is window ÷ interval consecutive intervals of the
// scenario, counted from its first interval; the intervals' records are
// merged into one results object (see merge) which the condition is
// evaluated over, with load.NAME and phase.NAME merged from the load and
// phase events of the same intervals. The intervals left at the end of
// the scenario make a last, shorter window, evaluated the same way
// (Results). Windows is not safe for concurrent use: the engine calls it
// from the scenario's one sink goroutine.
type Windows struct {
	sc         *plan.Scenario
	loadNames  []string
	phaseNames []string
	phaseLoads map[string][]string
	checks     []*windowCheck // in plan order
	accs       []*accumulator // one per distinct window length
	aborted    bool
	flushed    bool
}

// windowCheck is one windowed check and what its windows gave so far.
type windowCheck struct {
	c   *plan.Check
	acc *accumulator
	// withData counts the windows whose condition could be evaluated.
	withData int
	// failed is the first failing window's result (Window set), nil while
	// none failed.
	failed *results.CheckResult
	// last is the last window's result: with data when withData > 0,
	// else the last window without (for its "no data for …" message).
	last *results.CheckResult
}

// accumulator merges consecutive intervals into windows of k intervals.
type accumulator struct {
	k      int
	n      int // scenario intervals merged into the current window
	scen   *part
	loads  map[string]*part
	phases map[string]*part
	checks []*windowCheck
}

// part is one part's (the scenario's, a load's, a phase's) merge of the
// intervals of the current window.
type part struct {
	n                          int // intervals merged
	res                        results.Result
	tMs, endMs                 float64
	latency, acquire, lateness *hdrhistogram.Histogram
	// one is the only interval's record while n == 1: its summaries are
	// exact even when the event carried no histograms.
	one *results.Interval
}

// NewWindows returns the evaluator of sc's windowed checks for a run whose
// series interval is interval (--interval; 0 means 1s). A window that is
// not a multiple of interval (validate rejects it) is rounded up to
// whole intervals.
func NewWindows(sc *plan.Scenario, interval time.Duration) *Windows {
	if interval <= 0 {
		interval = time.Second
	}
	w := &Windows{sc: sc, loadNames: sc.LoadNames(), phaseNames: sc.PhaseNames(), phaseLoads: sc.PhaseLoadNames()}
	byK := map[int]*accumulator{}
	for _, c := range sc.Checks {
		if c.Window <= 0 {
			continue
		}
		k := int((c.Window + interval - 1) / interval)
		acc := byK[k]
		if acc == nil {
			acc = &accumulator{k: k, loads: map[string]*part{}, phases: map[string]*part{}}
			byK[k] = acc
			w.accs = append(w.accs, acc)
		}
		wc := &windowCheck{c: c, acc: acc}
		acc.checks = append(acc.checks, wc)
		w.checks = append(w.checks, wc)
	}
	return w
}

// Interval takes one series event of the scenario. A scenario event ends
// an interval: every window that is then whole is evaluated. It returns
// true once a check with abort = true has failed in a window (and on
// every later call): the engine should stop the scenario's loads.
func (w *Windows) Interval(ev *series.Event) (abort bool) {
	if w == nil || ev == nil || ev.Record == nil || len(w.checks) == 0 {
		return w != nil && w.aborted
	}
	for _, acc := range w.accs {
		switch ev.Level {
		case series.LevelLoad:
			acc.partOf(acc.loads, ev.Load).add(ev)
		case series.LevelPhase:
			if ev.Phase != "" {
				acc.partOf(acc.phases, ev.Phase).add(ev)
			}
		case series.LevelScenario:
			if acc.scen == nil {
				acc.scen = &part{}
			}
			acc.scen.add(ev)
			acc.n++
			if acc.n == acc.k {
				w.evaluate(acc)
			}
		}
	}
	return w.aborted
}

// Len is how many windowed checks w evaluates.
func (w *Windows) Len() int {
	if w == nil {
		return 0
	}
	return len(w.checks)
}

// Aborted reports whether a check with abort = true has failed.
func (w *Windows) Aborted() bool { return w != nil && w.aborted }

// Results evaluates the last, partial window (the intervals left after the
// last whole window, if any) and returns the windowed checks' results,
// in plan order. A windowed check passed when no window failed and at
// least one window had data; it failed with the first failing window
// (CheckResult.Window, Values, and a Message naming the window) when one
// did; it has no data when no window had data. A window without data is
// not a failure. Results may be called more than once.
func (w *Windows) Results() []results.CheckResult {
	if w == nil {
		return nil
	}
	if !w.flushed {
		w.flushed = true
		for _, acc := range w.accs {
			if acc.n > 0 {
				w.evaluate(acc)
			}
		}
	}
	out := make([]results.CheckResult, 0, len(w.checks))
	for _, wc := range w.checks {
		out = append(out, wc.result())
	}
	return out
}

// EvaluateAll evaluates every check of sc in plan order: whole-run checks
// over r (as Evaluate), windowed checks from w (Windows.Results). With a
// nil w (no series was recorded), a windowed check has no data.
func EvaluateAll(sc *plan.Scenario, r *results.Result, w *Windows) []results.CheckResult {
	vars := results.Variables(r, sc.LoadNames(), sc.PhaseNames(), sc.PhaseLoadNames())
	windowed := map[*plan.Check]results.CheckResult{}
	if w != nil && w.sc == sc {
		rs := w.Results()
		for i, wc := range w.checks {
			windowed[wc.c] = rs[i]
		}
	}
	out := make([]results.CheckResult, 0, len(sc.Checks))
	for _, c := range sc.Checks {
		if c.Window <= 0 {
			out = append(out, evalCheck(c, vars))
			continue
		}
		cr, ok := windowed[c]
		if !ok {
			cr = (&windowCheck{c: c}).result()
		}
		out = append(out, cr)
	}
	return out
}

// partOf returns the named part of the current window, made on first use.
func (acc *accumulator) partOf(parts map[string]*part, name string) *part {
	p := parts[name]
	if p == nil {
		p = &part{}
		parts[name] = p
	}
	return p
}

// evaluate evaluates acc's checks over its current window, then starts
// the next window.
func (w *Windows) evaluate(acc *accumulator) {
	r := acc.scen.result()
	if len(acc.loads) > 0 {
		r.Loads = make(map[string]*results.Result, len(acc.loads))
		for name, p := range acc.loads {
			if p.n > 0 {
				r.Loads[name] = p.result()
			}
		}
	}
	if len(acc.phases) > 0 {
		r.Phases = make(map[string]*results.Result, len(acc.phases))
		for name, p := range acc.phases {
			if p.n > 0 {
				r.Phases[name] = p.result()
			}
		}
	}
	win := &results.CheckWindow{}
	if acc.scen != nil {
		win.TMs, win.DurationMs = acc.scen.tMs, acc.scen.endMs-acc.scen.tMs
	}
	vars := results.Variables(r, w.loadNames, w.phaseNames, w.phaseLoads)
	for _, wc := range acc.checks {
		cr := evalCheck(wc.c, vars)
		switch {
		case cr.NoData:
			if wc.withData == 0 {
				wc.last = &cr
			}
			continue
		case cr.Passed:
		default:
			if wc.failed == nil {
				cr.Window = &results.CheckWindow{TMs: win.TMs, DurationMs: win.DurationMs}
				cr.Message = fmt.Sprintf("failed in window %s: %s", windowText(win), failureText(wc.c, cr))
				wc.failed = &cr
			}
			if wc.c.Abort {
				w.aborted = true
			}
		}
		wc.withData++
		wc.last = &cr
	}
	acc.reset()
}

// result is a windowed check's final result.
func (wc *windowCheck) result() results.CheckResult {
	switch {
	case wc.failed != nil:
		return *wc.failed
	case wc.withData > 0:
		cr := *wc.last
		cr.Passed, cr.Message, cr.Window = true, "", nil
		return cr
	case wc.last != nil:
		cr := *wc.last
		cr.Message = "no data in any window: " + cr.Message
		return cr
	}
	return results.CheckResult{
		Name: wc.c.Name, Condition: wc.c.Condition, Source: wc.c.Source.String(),
		Values: []results.CheckValue{}, NoData: true,
		Message: msgNoData + ": no interval of the scenario was recorded",
	}
}

// failureText is what a failing window's message says after its window:
// the error_message when the check has one, else the values the condition
// read (error_rate = 0.25), else the default message.
func failureText(c *plan.Check, cr results.CheckResult) string {
	if p, _ := c.Program.(*Program); p != nil && p.message != nil || cr.Message != msgFalse {
		return cr.Message
	}
	var parts []string
	for _, v := range cr.Values {
		parts = append(parts, v.Path+" = "+v.Text())
	}
	if len(parts) == 0 {
		return cr.Message
	}
	return strings.Join(parts, ", ")
}

// windowText renders a window as +3s..+4s (offsets from the scenario's
// start, to the millisecond).
func windowText(w *results.CheckWindow) string {
	return "+" + msText(w.TMs) + "..+" + msText(w.TMs+w.DurationMs)
}

func msText(ms float64) string {
	s := (time.Duration(math.Round(ms)) * time.Millisecond).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// reset starts the next window.
func (acc *accumulator) reset() {
	acc.n = 0
	if acc.scen != nil {
		acc.scen.reset()
	}
	for _, p := range acc.loads {
		p.reset()
	}
	for _, p := range acc.phases {
		p.reset()
	}
}

func (p *part) reset() {
	p.n, p.res, p.one = 0, results.Result{}, nil
	for _, h := range []*hdrhistogram.Histogram{p.latency, p.acquire, p.lateness} {
		if h != nil {
			h.Reset()
		}
	}
}

// add merges one interval into the part.
func (p *part) add(ev *series.Event) {
	rec := ev.Record
	if p.n == 0 {
		p.tMs = rec.TMs
		p.one = rec
	} else {
		p.one = nil
	}
	p.endMs = rec.TMs + rec.Duration
	p.n++
	merge(&p.res, &rec.Result, p.n == 1)
	p.latency = mergeHist(p.latency, ev.Latency)
	p.acquire = mergeHist(p.acquire, ev.Acquire)
	p.lateness = mergeHist(p.lateness, ev.Lateness)
}

func mergeHist(dst, src *hdrhistogram.Histogram) *hdrhistogram.Histogram {
	if src == nil || src.TotalCount() == 0 {
		return dst
	}
	if dst == nil {
		dst = metrics.NewHistogram()
	}
	dst.Merge(src)
	return dst
}

// result is the part's results object over the window: the merged
// counters, and the rates and distributions computed from them.
func (p *part) result() *results.Result {
	if p == nil || p.n == 0 {
		return nil
	}
	r := p.res // a copy: the part is reset after the evaluation
	r.Errors = make(map[string]int64, len(p.res.Errors))
	for k, v := range p.res.Errors {
		r.Errors[k] = v
	}
	r.ErrorRate = 0
	if done := r.Ops.OK + r.Ops.Failed; done > 0 {
		r.ErrorRate = float64(r.Ops.Failed) / float64(done)
	}
	r.Throughput = 0
	if r.Duration > 0 {
		r.Throughput = float64(r.Ops.OK) / (r.Duration / 1000)
	}
	if p.one != nil {
		r.Latency, r.Acquire, r.Lateness = p.one.Latency, p.one.Acquire, p.one.Lateness
	} else {
		r.Latency, r.Acquire, r.Lateness = metrics.Summary(p.latency), metrics.Summary(p.acquire), metrics.Summary(p.lateness)
	}
	r.Pool.ReuseRatio = nil
	if r.Pool.Hits != nil && r.Pool.Misses != nil && *r.Pool.Hits+*r.Pool.Misses > 0 {
		ratio := float64(*r.Pool.Hits) / float64(*r.Pool.Hits+*r.Pool.Misses)
		r.Pool.ReuseRatio = &ratio
	}
	return &r
}

// merge adds src, the record of the interval after those merged in dst,
// to dst (first: dst is empty). Counts add up (ops, errors, pool
// counters, retries, fallbacks, breaker) and so do durations; the first
// failure of each error kind, recovery_ms and warmup_ms are the first
// interval's that has one, close_ms the last's; gauges and process
// growths merge as the samples they summarize would. error_rate,
// throughput, the latency distributions and reuse_ratio are computed by
// part.result from the merged counts and histograms.
func merge(dst, src *results.Result, first bool) {
	if first {
		dst.StartMs = src.StartMs
		dst.Errors = make(map[string]int64, len(results.ErrorKinds))
		for _, k := range results.ErrorKinds {
			dst.Errors[k] = 0
		}
	}
	dst.Ops.Total += src.Ops.Total
	dst.Ops.OK += src.Ops.OK
	dst.Ops.Failed += src.Ops.Failed
	dst.Ops.Dropped += src.Ops.Dropped
	dst.Duration += src.Duration
	for k, v := range src.Errors {
		dst.Errors[k] += v
	}
	for k, ex := range src.ErrorExamples {
		if _, ok := dst.ErrorExamples[k]; !ok {
			if dst.ErrorExamples == nil {
				dst.ErrorExamples = map[string]results.ErrorExample{}
			}
			dst.ErrorExamples[k] = ex
		}
	}
	dst.Retries += src.Retries
	dst.Fallbacks += src.Fallbacks
	dst.Breaker.Opened += src.Breaker.Opened
	dst.Breaker.HalfOpened += src.Breaker.HalfOpened
	dst.Breaker.Closed += src.Breaker.Closed
	dst.Breaker.Rejected += src.Breaker.Rejected
	dst.RecoveryMs = firstOf(dst.RecoveryMs, src.RecoveryMs)

	dp, sp := &dst.Pool, &src.Pool
	dp.TotalConns = results.PoolGauges(dp.TotalConns, sp.TotalConns)
	dp.IdleConns = results.PoolGauges(dp.IdleConns, sp.IdleConns)
	dp.InUseConns = results.PoolGauges(dp.InUseConns, sp.InUseConns)
	for _, c := range []struct{ d, s **int64 }{
		{&dp.NewConns, &sp.NewConns}, {&dp.AcquireCount, &sp.AcquireCount},
		{&dp.EmptyAcquireCount, &sp.EmptyAcquireCount}, {&dp.CanceledAcquireCount, &sp.CanceledAcquireCount},
		{&dp.Hits, &sp.Hits}, {&dp.Misses, &sp.Misses}, {&dp.Timeouts, &sp.Timeouts}, {&dp.StaleConns, &sp.StaleConns},
		{&dp.Moved, &sp.Moved}, {&dp.Ask, &sp.Ask},
	} {
		*c.d = addCount(*c.d, *c.s)
	}
	dp.WarmupMs = firstOf(dp.WarmupMs, sp.WarmupMs)
	if sp.CloseMs != nil {
		v := *sp.CloseMs
		dp.CloseMs = &v
	}
	dst.Server.Conns = results.PoolGauges(dst.Server.Conns, src.Server.Conns)
	db, sb := &dst.Bouncer, &src.Bouncer
	db.ClActive = results.PoolGauges(db.ClActive, sb.ClActive)
	db.ClWaiting = results.PoolGauges(db.ClWaiting, sb.ClWaiting)
	db.SvActive = results.PoolGauges(db.SvActive, sb.SvActive)
	db.SvIdle = results.PoolGauges(db.SvIdle, sb.SvIdle)
	db.MaxWaitMs = results.PoolGauges(db.MaxWaitMs, sb.MaxWaitMs)
	db.Xacts = addCount(db.Xacts, sb.Xacts)
	db.Queries = addCount(db.Queries, sb.Queries)
	db.WaitMs = addMs(db.WaitMs, sb.WaitMs)
	db.QueryMs = addMs(db.QueryMs, sb.QueryMs)
	db.SetAverages()

	dst.Process.RSSMB = mergeGrowth(dst.Process.RSSMB, src.Process.RSSMB)
	dst.Process.HeapMB = mergeGrowth(dst.Process.HeapMB, src.Process.HeapMB)
	dst.Process.Goroutines = mergeGrowth(dst.Process.Goroutines, src.Process.Goroutines)
	dst.Process.FDs = mergeGrowth(dst.Process.FDs, src.Process.FDs)
}

// addCount adds a pool counter: nil (not measured) stays nil only when
// both are.
func addCount(a, b *int64) *int64 {
	if b == nil {
		return a
	}
	v := *b
	if a != nil {
		v += *a
	}
	return &v
}

// firstOf is a, or a copy of b when a is nil.
func firstOf(a, b *float64) *float64 {
	if a != nil || b == nil {
		return a
	}
	v := *b
	return &v
}

// addMs adds two sums of milliseconds: nil (no data) stays nil only when
// both are.
func addMs(a, b *float64) *float64 {
	if b == nil {
		return a
	}
	v := *b
	if a != nil {
		v += *a
	}
	return &v
}

// mergeGrowth merges two consecutive process summaries: min of the mins,
// max of the maxes, the growths added (each interval's growth is its
// change over the interval, so they add up to the window's).
func mergeGrowth(a, b results.Growth) results.Growth {
	switch {
	case b.Samples == 0:
		return a
	case a.Samples == 0:
		return b
	}
	return results.Growth{
		Samples: a.Samples + b.Samples,
		Min:     math.Min(a.Min, b.Min),
		Max:     math.Max(a.Max, b.Max),
		Growth:  a.Growth + b.Growth,
	}
}
