package shard

import (
	"fmt"
	jsoniter "github.com/json-iterator/go"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// Merge merges the reports of the shards of one test into the report of
// the whole test. It checks that they are the shards of one plan: every
// report has a shard object with the same plan hash and count, and every
// index from 0 to count−1 comes once. The checks of the merged scenarios
// are left empty and their statuses unset: the caller evaluates the checks
// over the merged results, then calls Finish.
//
// The rules, per member, are in docs/sharding.md: counters add up;
// latency, acquire and lateness are recomputed from the merged HDR
// histograms; series are merged interval by interval (the k-th record of
// each shard's part); connection gauges add up; process figures take the
// worst shard.
//
// keepSeries says which scenarios' merged series records keep their
// merged histograms (those with windowed checks, which Replay feeds);
// nil for none. Encoding them is most of a merge's time.
func Merge(runs []*results.Run, keepSeries func(scenario string) bool) (*results.Run, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("no shard reports to merge")
	}
	for i, r := range runs {
		if r.Shard == nil || r.Shard.Index == nil {
			return nil, fmt.Errorf("report %d is not a shard's report (no shard object with an index): run it with --shard", i+1)
		}
	}
	byIndex := make([]*results.Run, len(runs))
	first := runs[0].Shard
	for _, r := range runs {
		s := r.Shard
		switch {
		case s.PlanHash != first.PlanHash:
			return nil, fmt.Errorf("shard %d/%d was run from another plan (plan hash %.12s…, shard %d/%d's is %.12s…): merge only the shards of one test",
				*s.Index, s.Count, s.PlanHash, *first.Index, first.Count, first.PlanHash)
		case s.Count != first.Count:
			return nil, fmt.Errorf("shard %d/%d and shard %d/%d disagree on the shard count", *s.Index, s.Count, *first.Index, first.Count)
		case *s.Index < 0 || *s.Index >= s.Count:
			return nil, fmt.Errorf("shard index %d is outside 0…%d", *s.Index, s.Count-1)
		case len(runs) != s.Count:
			return nil, fmt.Errorf("%d reports for %d shards: give every shard's report once", len(runs), s.Count)
		case byIndex[*s.Index] != nil:
			return nil, fmt.Errorf("shard %d/%d is given twice", *s.Index, s.Count)
		}
		byIndex[*s.Index] = r
	}
	base := byIndex[0]
	for _, r := range byIndex[1:] {
		if len(r.Scenarios) != len(base.Scenarios) {
			return nil, fmt.Errorf("shard %d ran %d scenarios, shard 0 %d", *r.Shard.Index, len(r.Scenarios), len(base.Scenarios))
		}
		for j, sr := range r.Scenarios {
			if sr.Name != base.Scenarios[j].Name {
				return nil, fmt.Errorf("shard %d's scenario %d is %q, shard 0's %q", *r.Shard.Index, j+1, sr.Name, base.Scenarios[j].Name)
			}
		}
	}
	out := &results.Run{
		SchemaVersion: results.SchemaVersion,
		Version:       base.Version,
		RunID:         base.RunID,
		Seed:          base.Seed,
		StartedAt:     base.StartedAt,
		Targets:       base.Targets,
		Scenarios:     make([]*results.ScenarioRun, 0, len(base.Scenarios)),
		Shard: &results.Shard{Count: first.Count, PlanHash: first.PlanHash, IntervalMs: base.Shard.IntervalMs,
			StartAt: base.Shard.StartAt, Merged: make([]string, 0, len(byIndex))},
	}
	end := time.Time{}
	for _, r := range byIndex {
		out.Shard.Merged = append(out.Shard.Merged, r.RunID)
		if r.StartedAt.Before(out.StartedAt) {
			out.StartedAt = r.StartedAt
		}
		if e := r.StartedAt.Add(time.Duration(r.DurationMs * float64(time.Millisecond))); e.After(end) {
			end = e
		}
		out.Interrupted = out.Interrupted || r.Interrupted
	}
	out.DurationMs = float64(end.Sub(out.StartedAt)) / float64(time.Millisecond)
	// Scenarios are independent: merge them on every CPU.
	out.Scenarios = make([]*results.ScenarioRun, len(base.Scenarios))
	errs := make([]error, len(base.Scenarios))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(base.Scenarios)) {
		wg.Go(func() {
			for j := range next {
				parts := make([]*results.ScenarioRun, len(byIndex))
				for i, r := range byIndex {
					parts[i] = r.Scenarios[j]
				}
				keep := keepSeries != nil && keepSeries(base.Scenarios[j].Name)
				out.Scenarios[j], errs[j] = mergeScenario(parts, keep)
			}
		})
	}
	for j := range base.Scenarios {
		next <- j
	}
	close(next)
	wg.Wait()
	for j, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", base.Scenarios[j].Name, err)
		}
	}
	return out, nil
}

// fastJSON decodes shard reports: json-iterator in its encoding/json
// compatible mode, about 2 × encoding/json on BenchmarkMerge (a test
// checks it reads a report exactly as encoding/json does).
var fastJSON = jsoniter.ConfigCompatibleWithStandardLibrary

// Decode decodes the JSON reports datas, on every CPU.
func Decode(datas [][]byte) ([]*results.Run, error) {
	runs := make([]*results.Run, len(datas))
	errs := make([]error, len(datas))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, d := range datas {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			runs[i] = &results.Run{}
			errs[i] = fastJSON.Unmarshal(d, runs[i])
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("report %d: %w", i+1, err)
		}
	}
	return runs, nil
}

// Finish sets each merged scenario's status from its shards' (kept by
// Merge in pending), its errors and its checks, and counts the summary.
func Finish(run *results.Run) {
	c := results.Counts{Total: len(run.Scenarios)}
	for _, sr := range run.Scenarios {
		failed := false
		for _, ch := range sr.Checks {
			failed = failed || !ch.Passed
		}
		switch {
		case sr.Status == results.StatusInterrupted || sr.Status == results.StatusSkipped:
		case len(sr.Errors) > 0:
			sr.Status = results.StatusError
		case failed:
			sr.Status = results.StatusFail
		default:
			sr.Status = results.StatusPass
		}
		switch sr.Status {
		case results.StatusPass:
			c.Passed++
		case results.StatusFail:
			c.Failed++
		case results.StatusError:
			c.Errored++
		case results.StatusInterrupted:
			c.Interrupted++
		case results.StatusSkipped:
			c.Skipped++
		}
	}
	run.Summary = c
}

func mergeScenario(parts []*results.ScenarioRun, keep bool) (*results.ScenarioRun, error) {
	b := parts[0]
	out := &results.ScenarioRun{
		Name: b.Name, Driver: b.Driver, Tags: b.Tags, Source: b.Source,
		StartedAt: b.StartedAt, ExpectedMs: b.ExpectedMs,
		Checks: []results.CheckResult{}, Errors: []string{}, Faults: []results.FaultEvent{},
	}
	end := time.Time{}
	results_ := make([]*results.Result, 0, len(parts))
	for i, p := range parts {
		if p.StartedAt.Before(out.StartedAt) {
			out.StartedAt = p.StartedAt
		}
		if e := p.StartedAt.Add(time.Duration(p.DurationMs * float64(time.Millisecond))); e.After(end) {
			end = e
		}
		switch p.Status {
		case results.StatusInterrupted:
			out.Status = results.StatusInterrupted
		case results.StatusSkipped:
			if out.Status == "" {
				out.Status = results.StatusSkipped
			}
		}
		for _, e := range p.Errors {
			out.Errors = append(out.Errors, fmt.Sprintf("shard %d: %s", i, e))
		}
		for _, f := range p.Faults {
			f.What = fmt.Sprintf("shard %d: %s", i, f.What)
			out.Faults = append(out.Faults, f)
		}
		if out.Aborted == nil && p.Aborted != nil {
			a := *p.Aborted
			out.Aborted = &a
		}
		out.LeakedConns += p.LeakedConns
		results_ = append(results_, p.Result)
	}
	sort.SliceStable(out.Faults, func(a, b int) bool { return out.Faults[a].AtMs < out.Faults[b].AtMs })
	if !end.IsZero() {
		out.DurationMs = float64(end.Sub(out.StartedAt)) / float64(time.Millisecond)
	}
	r, err := mergeResults(results_, mergeDeep|encodeHists|withKeep(keep))
	if err != nil {
		return nil, err
	}
	out.Result = r
	return out, nil
}

// histogramNames are the histograms a results object may carry.
var histogramNames = []string{"latency", "acquire", "lateness"}

// What mergeResults does besides the part itself.
const (
	mergeDeep   = 1 << iota // the loads, phases and series too
	encodeHists             // encode the merged histograms
	keepSeries              // and those of the series records
)

func withKeep(keep bool) int {
	if keep {
		return keepSeries
	}
	return 0
}

// mergeResults merges the same part of every shard; nil parts (a shard
// where the part did not run) are left out.
func mergeResults(parts []*results.Result, how int) (*results.Result, error) {
	var ps []*results.Result
	for _, p := range parts {
		if p != nil {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, nil
	}
	out := &results.Result{Errors: map[string]int64{}, StartMs: ps[0].StartMs}
	var hasHist = map[string]bool{}
	for _, p := range ps {
		out.Ops.Total += p.Ops.Total
		out.Ops.OK += p.Ops.OK
		out.Ops.Failed += p.Ops.Failed
		out.Ops.Dropped += p.Ops.Dropped
		for k, v := range p.Errors {
			out.Errors[k] += v
		}
		for k, ex := range p.ErrorExamples {
			if out.ErrorExamples == nil {
				out.ErrorExamples = map[string]results.ErrorExample{}
			}
			if cur, ok := out.ErrorExamples[k]; !ok || ex.AtMs < cur.AtMs {
				out.ErrorExamples[k] = ex
			}
		}
		out.Duration = math.Max(out.Duration, p.Duration)
		out.StartMs = math.Min(out.StartMs, p.StartMs)
		out.Retries += p.Retries
		out.Fallbacks += p.Fallbacks
		out.Breaker.Opened += p.Breaker.Opened
		out.Breaker.HalfOpened += p.Breaker.HalfOpened
		out.Breaker.Closed += p.Breaker.Closed
		out.Breaker.Rejected += p.Breaker.Rejected
		out.RecoveryMs = maxPtr(out.RecoveryMs, p.RecoveryMs)
		for name := range p.Histograms {
			hasHist[name] = true
		}
	}
	if d := out.Ops.OK + out.Ops.Failed; d > 0 {
		out.ErrorRate = float64(out.Ops.Failed) / float64(d)
	}
	if out.Duration > 0 {
		out.Throughput = float64(out.Ops.OK) / (out.Duration / 1000)
	}
	// Distributions: from the merged histograms.
	summaries := map[string]*results.Summary{"latency": &out.Latency, "acquire": &out.Acquire, "lateness": &out.Lateness}
	pick := map[string]func(*results.Result) results.Summary{
		"latency":  func(r *results.Result) results.Summary { return r.Latency },
		"acquire":  func(r *results.Result) results.Summary { return r.Acquire },
		"lateness": func(r *results.Result) results.Summary { return r.Lateness },
	}
	for _, name := range histogramNames {
		var sums []results.Summary
		for _, p := range ps {
			sums = append(sums, pick[name](p))
		}
		if !hasHist[name] {
			*summaries[name] = bound(sums)
			continue
		}
		sm, exact, err := mergeHistograms(ps, name, pick[name])
		if err != nil {
			return nil, err
		}
		if exact {
			*summaries[name] = sm.summary()
		} else {
			*summaries[name] = bound(sums)
		}
		if sm.n > 0 && how&encodeHists != 0 {
			if h := sm.histogram(); h.TotalCount() > 0 {
				b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
				if err != nil {
					summers.put(sm)
					return nil, fmt.Errorf("encode %s histogram: %w", name, err)
				}
				if out.Histograms == nil {
					out.Histograms = map[string]string{}
				}
				out.Histograms[name] = string(b)
			}
		}
		summers.put(sm)
	}
	mergePool(out, ps)
	mergeBouncer(out, ps)
	mergeFaults(out, ps)
	if how&mergeDeep == 0 {
		return out, nil
	}
	var err error
	if out.Loads, err = mergeNamed(ps, func(r *results.Result) map[string]*results.Result { return r.Loads }, how); err != nil {
		return nil, err
	}
	if out.Phases, err = mergeNamed(ps, func(r *results.Result) map[string]*results.Result { return r.Phases }, how); err != nil {
		return nil, err
	}
	series := 0
	if how&keepSeries != 0 {
		series = encodeHists
	}
	if out.Series, err = mergeSeries(ps, series); err != nil {
		return nil, err
	}
	return out, nil
}

// mergeHistograms adds the named histogram of every part; the caller
// puts the summer back. exact is false when a part has data (its
// summary's count) but no histogram.
func mergeHistograms(ps []*results.Result, name string, sum func(*results.Result) results.Summary) (*summer, bool, error) {
	s := summers.get()
	exact := true
	for _, p := range ps {
		enc, ok := p.Histograms[name]
		if !ok {
			if sum(p).Count > 0 {
				exact = false
			}
			continue
		}
		if err := s.add(enc); err != nil {
			summers.put(s)
			return nil, false, fmt.Errorf("decode the %s histogram: %w", name, err)
		}
	}
	return s, exact, nil
}

// summers reuses summers (each holds a counts array).
var summers summerPool

type summerPool struct {
	mu   sync.Mutex
	free []*summer
}

func (p *summerPool) get() *summer {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		s := p.free[n-1]
		p.free = p.free[:n-1]
		return s
	}
	return newSummer()
}

func (p *summerPool) put(s *summer) {
	s.reset()
	p.mu.Lock()
	p.free = append(p.free, s)
	p.mu.Unlock()
}

// bound combines summaries without histograms: counts add up, min and
// max are exact, the mean is weighted, and each percentile and the
// stddev is the largest of the shards' (an upper bound).
func bound(ss []results.Summary) results.Summary {
	var out results.Summary
	var total float64
	for _, s := range ss {
		if s.Count == 0 {
			continue
		}
		if out.Count == 0 {
			out = s
			total = s.Mean * float64(s.Count)
			continue
		}
		out.Count += s.Count
		total += s.Mean * float64(s.Count)
		out.Min = math.Min(out.Min, s.Min)
		out.Max = math.Max(out.Max, s.Max)
		out.P50, out.P90, out.P95 = math.Max(out.P50, s.P50), math.Max(out.P90, s.P90), math.Max(out.P95, s.P95)
		out.P99, out.P999 = math.Max(out.P99, s.P99), math.Max(out.P999, s.P999)
		out.Stddev = math.Max(out.Stddev, s.Stddev)
	}
	if out.Count > 0 {
		out.Mean = total / float64(out.Count)
	}
	return out
}

// mergePool: connection gauges and counters add up (each shard has its
// own pool); reuse_ratio is recomputed; warmup and close take the
// slowest shard; process figures the worst shard.
func mergePool(out *results.Result, ps []*results.Result) {
	var total, idle, inUse, server []results.Gauge
	for _, p := range ps {
		total = append(total, p.Pool.TotalConns)
		idle = append(idle, p.Pool.IdleConns)
		inUse = append(inUse, p.Pool.InUseConns)
		server = append(server, p.Server.Conns)
		out.Pool.NewConns = sumPtr(out.Pool.NewConns, p.Pool.NewConns)
		out.Pool.AcquireCount = sumPtr(out.Pool.AcquireCount, p.Pool.AcquireCount)
		out.Pool.EmptyAcquireCount = sumPtr(out.Pool.EmptyAcquireCount, p.Pool.EmptyAcquireCount)
		out.Pool.CanceledAcquireCount = sumPtr(out.Pool.CanceledAcquireCount, p.Pool.CanceledAcquireCount)
		out.Pool.Hits = sumPtr(out.Pool.Hits, p.Pool.Hits)
		out.Pool.Misses = sumPtr(out.Pool.Misses, p.Pool.Misses)
		out.Pool.Timeouts = sumPtr(out.Pool.Timeouts, p.Pool.Timeouts)
		out.Pool.StaleConns = sumPtr(out.Pool.StaleConns, p.Pool.StaleConns)
		out.Pool.Moved = sumPtr(out.Pool.Moved, p.Pool.Moved)
		out.Pool.Ask = sumPtr(out.Pool.Ask, p.Pool.Ask)
		out.Pool.CloseMs = maxPtr(out.Pool.CloseMs, p.Pool.CloseMs)
		out.Pool.WarmupMs = maxPtr(out.Pool.WarmupMs, p.Pool.WarmupMs)
		out.Process.RSSMB = worst(out.Process.RSSMB, p.Process.RSSMB)
		out.Process.HeapMB = worst(out.Process.HeapMB, p.Process.HeapMB)
		out.Process.Goroutines = worst(out.Process.Goroutines, p.Process.Goroutines)
		out.Process.FDs = worst(out.Process.FDs, p.Process.FDs)
	}
	out.Pool.TotalConns, out.Pool.IdleConns, out.Pool.InUseConns = SumGauges(total), SumGauges(idle), SumGauges(inUse)
	out.Server.Conns = SumGauges(server)
	if h, m := out.Pool.Hits, out.Pool.Misses; h != nil && m != nil && *h+*m > 0 {
		r := float64(*h) / float64(*h+*m)
		out.Pool.ReuseRatio = &r
	}
}

// mergeBouncer: every shard watched the same PgBouncer (SHOW POOLS and
// SHOW STATS for the scenario's database and user count every client,
// the other shards' included), so its gauges are one quantity sampled by
// every shard, pooled (sameGauges), not added; and each shard's totals
// already count every shard's transactions over its own window, so the
// totals are the shard's with the most transactions (the widest window),
// taken together so that the averages stay one shard's ratio.
func mergeBouncer(out *results.Result, ps []*results.Result) {
	pool := func(get func(*results.Bouncer) results.Gauge) results.Gauge {
		gs := make([]results.Gauge, 0, len(ps))
		for _, p := range ps {
			gs = append(gs, get(&p.Bouncer))
		}
		return sameGauges(gs)
	}
	b := &out.Bouncer
	b.ClActive = pool(func(b *results.Bouncer) results.Gauge { return b.ClActive })
	b.ClWaiting = pool(func(b *results.Bouncer) results.Gauge { return b.ClWaiting })
	b.SvActive = pool(func(b *results.Bouncer) results.Gauge { return b.SvActive })
	b.SvIdle = pool(func(b *results.Bouncer) results.Gauge { return b.SvIdle })
	b.MaxWaitMs = pool(func(b *results.Bouncer) results.Gauge { return b.MaxWaitMs })
	var widest *results.Bouncer
	for _, p := range ps {
		pb := &p.Bouncer
		if pb.Xacts == nil && pb.Queries == nil {
			continue
		}
		if widest == nil || countOf(pb.Xacts) > countOf(widest.Xacts) ||
			(countOf(pb.Xacts) == countOf(widest.Xacts) && countOf(pb.Queries) > countOf(widest.Queries)) {
			widest = pb
		}
	}
	if widest != nil {
		b.Xacts, b.Queries = copyInt(widest.Xacts), copyInt(widest.Queries)
		b.WaitMs, b.QueryMs = copyFloat(widest.WaitMs), copyFloat(widest.QueryMs)
	}
	b.SetAverages()
}

func countOf(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

func copyInt(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// sameGauges is the gauge of one quantity that every shard sampled (the
// same bouncer's counts): all the shards' samples pooled
// (results.PoolGauges), and last the shards' lasts averaged (they sample
// at about the same moments). Gauges without samples are left out.
func sameGauges(gs []results.Gauge) results.Gauge {
	var out results.Gauge
	var last float64
	shards := 0
	for _, g := range gs {
		if g.Samples == 0 {
			continue
		}
		out = results.PoolGauges(out, g)
		last += g.Last
		shards++
	}
	if shards > 0 {
		out.Last = last / float64(shards)
	}
	return out
}

// SumGauges is the gauge of the sum of the shards' values: the shards
// sample on the same period, so the sum's mean and last value are the
// sums of theirs; its min and max are bounded by the sums of theirs (the
// sum is at least Σ min and at most Σ max), which is what it reports; its
// variance is the sum of theirs (independent shards). Samples is the
// largest count of one shard (the samples of the sum). Gauges without
// samples are left out.
func SumGauges(gs []results.Gauge) results.Gauge {
	var out results.Gauge
	for _, g := range gs {
		if g.Samples == 0 {
			continue
		}
		out.Samples = max(out.Samples, g.Samples)
		out.Min += g.Min
		out.Max += g.Max
		out.Mean += g.Mean
		out.Last += g.Last
		out.Variance += g.Variance
	}
	out.Stddev = math.Sqrt(out.Variance)
	return out
}

// worst merges process figures: the extremes of all shards, and the
// largest growth (a leak in any process).
func worst(a, b results.Growth) results.Growth {
	switch {
	case b.Samples == 0:
		return a
	case a.Samples == 0:
		return b
	}
	return results.Growth{Samples: max(a.Samples, b.Samples), Min: math.Min(a.Min, b.Min), Max: math.Max(a.Max, b.Max), Growth: math.Max(a.Growth, b.Growth)}
}

// mergeFaults: every shard's faults count (count and late add up), the
// latest lateness of any; per kind, the lowest shard's that has it.
func mergeFaults(out *results.Result, ps []*results.Result) {
	for _, p := range ps {
		f := p.Faults
		out.Faults.Count += f.Count
		out.Faults.Late += f.Late
		out.Faults.LateMs = maxPtr(out.Faults.LateMs, f.LateMs)
		out.Faults.ToleranceMs = math.Max(out.Faults.ToleranceMs, f.ToleranceMs)
		for k, t := range f.Kinds {
			if out.Faults.Kinds == nil {
				out.Faults.Kinds = map[string]results.FaultTime{}
			}
			if _, ok := out.Faults.Kinds[k]; !ok {
				out.Faults.Kinds[k] = t
			}
		}
	}
}

func mergeNamed(ps []*results.Result, get func(*results.Result) map[string]*results.Result, how int) (map[string]*results.Result, error) {
	names := map[string]bool{}
	for _, p := range ps {
		for n := range get(p) {
			names[n] = true
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	out := make(map[string]*results.Result, len(names))
	for n := range names {
		parts := make([]*results.Result, 0, len(ps))
		for _, p := range ps {
			parts = append(parts, get(p)[n])
		}
		r, err := mergeResults(parts, how)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", n, err)
		}
		out[n] = r
	}
	return out, nil
}

// mergeSeries merges the k-th record of every shard's series (the shards
// started together, so their k-th intervals cover the same time); t_ms is
// the earliest of them.
func mergeSeries(ps []*results.Result, how int) ([]results.Interval, error) {
	n := 0
	for _, p := range ps {
		n = max(n, len(p.Series))
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]results.Interval, n)
	parts := make([]*results.Result, len(ps))
	for k := range n {
		tMs := math.Inf(1)
		for i, p := range ps {
			parts[i] = nil
			if k < len(p.Series) {
				parts[i] = &p.Series[k].Result
				tMs = math.Min(tMs, p.Series[k].TMs)
			}
		}
		r, err := mergeResults(parts, how)
		if err != nil {
			return nil, fmt.Errorf("series record %d: %w", k, err)
		}
		r.StartMs = tMs
		out[k] = results.Interval{TMs: tMs, Result: *r}
	}
	return out, nil
}

func sumPtr(a, b *int64) *int64 {
	if b == nil {
		return a
	}
	v := *b
	if a != nil {
		v += *a
	}
	return &v
}

func maxPtr(a, b *float64) *float64 {
	if b == nil {
		return a
	}
	if a != nil && *a >= *b {
		return a
	}
	v := *b
	return &v
}
