package engine

import (
	"github.com/HdrHistogram/hdrhistogram-go"
	"time"

	"github.com/stressql/stressql/engine/policy"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// policyCounts sums the policy counters of several load runs.
type policyCounts struct {
	retries, fallbacks int64
	breaker            results.Breaker
}

func (p *policyCounts) add(c *policy.Counters) {
	p.retries += c.Retries.Load()
	p.fallbacks += c.Fallbacks.Load()
	p.breaker.Opened += c.BreakerOpened.Load()
	p.breaker.HalfOpened += c.BreakerHalfOpened.Load()
	p.breaker.Closed += c.BreakerClosed.Load()
	p.breaker.Rejected += c.BreakerRejected.Load()
}

// part is what one part of the run (a load, a phase, the scenario) needs
// to become a results.Result. Every window is exact: phases and loads
// begin and end at pool samples (sampler.boundary), and a load that ran
// in several phases covers each of its runs, not the time between.
type part struct {
	rec    *metrics.Recorder
	wins   []window
	dur    time.Duration
	policy policyCounts
	mark   *metrics.Mark
	series []results.Interval
}

func newPart() *part { return &part{rec: metrics.NewRecorder(metrics.Options{})} }

// result builds the results object of the scenario, with its loads
// (merged by name across phases) and its named phases. Call it once
// sampling has stopped.
func (s *scenarioRun) result() *results.Result {
	scen := newPart()
	scen.mark = s.mark
	loads := map[string]*part{}
	phases := map[string]*results.Result{}
	for _, pr := range s.phases {
		if !pr.ran {
			continue
		}
		ph := newPart()
		ph.wins = []window{{pr.from, pr.to}}
		ph.dur = ph.wins[0].dur()
		ph.mark = markAt(pr.mark)
		if pr.ser != nil {
			ph.series = pr.ser.records
		}
		phLoads := map[string]*results.Result{} // phase.NAME.load.NAME
		for _, lr := range pr.loads {
			if !lr.ran {
				continue
			}
			rec := lr.merged()
			metrics.Merge(ph.rec, rec)
			ph.policy.add(&lr.counters)
			if pr.ph.Name != "" {
				pl := newPart()
				run := window{lr.started, lr.ended}
				pl.mark, pl.wins, pl.dur = ph.mark, []window{run}, run.dur()
				metrics.Merge(pl.rec, rec)
				pl.policy.add(&lr.counters)
				if lr.ser != nil {
					pl.series = lr.ser.records
				}
				phLoads[lr.name] = s.partResult(pl)
				if l := s.partHistograms(pl.rec); l != nil {
					phLoads[lr.name].Histograms = l
				}
			}
			lp := loads[lr.name]
			if lp == nil {
				lp = newPart()
				lp.mark = s.mark
				loads[lr.name] = lp
			}
			metrics.Merge(lp.rec, rec)
			lp.policy.add(&lr.counters)
			run := window{lr.started, lr.ended}
			lp.wins = append(lp.wins, run)
			lp.dur += run.dur()
			if lr.ser != nil {
				lp.series = append(lp.series, lr.ser.records...)
			}
		}
		metrics.Merge(scen.rec, ph.rec)
		scen.policy.addPolicy(&ph.policy)
		if pr.ph.Name != "" {
			r := s.partResult(ph)
			r.Pool.WarmupMs = durPtr(pr.warmup)
			r.Pool.CloseMs = pr.closeMs
			r.Resize = pr.resize.result(s.started)
			r.Loads = phLoads
			if s.e.opts.PartHistograms {
				r.Histograms = s.partHistograms(ph.rec)
			}
			phases[pr.ph.Name] = r
		}
	}
	if !s.window.from.IsZero() {
		scen.wins = []window{s.window}
	}
	scen.dur = s.window.dur()
	if s.ser != nil {
		scen.series = s.ser.records
	}
	top := s.partResult(scen)
	top.Loads = make(map[string]*results.Result, len(loads))
	for name, lp := range loads {
		top.Loads[name] = s.partResult(lp)
		if l := s.partHistograms(lp.rec); l != nil {
			top.Loads[name].Histograms = l
		}
	}
	top.Phases = phases
	if len(s.pools) > 0 {
		top.Pool.WarmupMs = durPtr(s.pools[0].warmup)
	}
	top.Pool.CloseMs = s.closeMs
	for _, pr := range s.phases {
		if pr.closedByFault {
			top.Pool.CloseMs = pr.closeMs // the close_pool fault's, when one fired
		}
	}
	if h, err := scen.rec.Histograms(); err == nil {
		top.Histograms = h
	} else {
		s.fail("encode histograms: %v", err)
	}
	s.fillFaultTiming(top)
	for _, pr := range s.phases {
		if res := pr.resize.result(s.started); res.Count > 0 {
			top.Resize = res // the first resize of the scenario
			top.Resize.Count = resizes(s.phases)
			break
		}
	}
	return top
}

// latenessHistogram encodes rec's dispatch lateness as
// Histograms["lateness"]: how late each open-model iteration was handed to
// a worker, in µs; nil when rec has none. It is the load generator's own
// error, reported so it can be checked.
func (s *scenarioRun) latenessHistogram(rec *metrics.Recorder) map[string]string {
	h := rec.Lateness()
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		s.fail("encode lateness histogram: %v", err)
		return nil
	}
	return map[string]string{"lateness": string(b)}
}

// addPolicy lets a phase's counts roll up into the scenario's.
func (p *policyCounts) addPolicy(o *policyCounts) {
	p.retries += o.retries
	p.fallbacks += o.fallbacks
	p.breaker.Opened += o.breaker.Opened
	p.breaker.HalfOpened += o.breaker.HalfOpened
	p.breaker.Closed += o.breaker.Closed
	p.breaker.Rejected += o.breaker.Rejected
}

// partResult fills a Result from what p recorded and what was sampled
// during its window.
func (s *scenarioRun) partResult(p *part) *results.Result {
	r := &results.Result{}
	p.rec.Fill(r, p.dur)
	if s.samp != nil && len(p.wins) > 0 {
		r.Pool, r.Server.Conns, r.Process = s.samp.live(p.wins)
		r.Bouncer = s.samp.bouncer(p.wins)
		r.StartMs = msSince(s.started, p.wins[0].from)
	}
	r.Series = p.series
	r.Retries = p.policy.retries
	r.Fallbacks = p.policy.fallbacks
	r.Breaker = p.policy.breaker
	r.RecoveryMs = p.rec.RecoveryMs(p.mark)
	return r
}

func durPtr(d *time.Duration) *float64 {
	if d == nil {
		return nil
	}
	return msPtr(*d)
}
