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
// to become a results.Result. Phases and the scenario have exact windows
// (a pool sample is taken at each phase boundary); a load's window runs
// from its first start to its last end and reads the samples taken in it,
// so its pool counters are exact to one sample interval.
type part struct {
	rec    *metrics.Recorder
	win    window
	dur    time.Duration
	policy policyCounts
	mark   *metrics.Mark
	// lateness is how late the open-model scheduler dispatched (µs); nil
	// when no open-model load ran in this part.
	lateness *hdrhistogram.Histogram
}

// addLateness merges a load's dispatch lateness into p.
func (p *part) addLateness(lr *loadRun) {
	if lr.lateness == nil || lr.lateness.TotalCount() == 0 {
		return
	}
	if p.lateness == nil {
		p.lateness = metrics.NewHistogram()
	}
	p.lateness.Merge(lr.lateness)
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
		ph.win = window{pr.from, pr.to}
		ph.dur = ph.win.dur()
		ph.mark = markAt(pr.mark)
		for _, lr := range pr.loads {
			if !lr.ran {
				continue
			}
			rec := lr.merged()
			metrics.Merge(ph.rec, rec)
			ph.policy.add(&lr.counters)
			lp := loads[lr.name]
			if lp == nil {
				lp = newPart()
				lp.mark = s.mark
				lp.win = window{lr.started, lr.ended}
				loads[lr.name] = lp
			}
			metrics.Merge(lp.rec, rec)
			lp.addLateness(lr)
			scen.addLateness(lr)
			lp.policy.add(&lr.counters)
			lp.dur += lr.ended.Sub(lr.started)
			lp.win.to = lr.ended
		}
		metrics.Merge(scen.rec, ph.rec)
		scen.policy.addPolicy(&ph.policy)
		if pr.ph.Name != "" {
			r := s.partResult(ph)
			r.Pool.WarmupMs = durPtr(pr.warmup)
			r.Pool.CloseMs = pr.closeMs
			phases[pr.ph.Name] = r
		}
	}
	scen.win = s.window
	scen.dur = s.window.dur()
	top := s.partResult(scen)
	top.Loads = make(map[string]*results.Result, len(loads))
	for name, lp := range loads {
		top.Loads[name] = s.partResult(lp)
		if lp.lateness != nil {
			top.Loads[name].Histograms = s.latenessHistogram(lp)
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
		if l := s.latenessHistogram(scen); l != nil {
			top.Histograms["lateness"] = l["lateness"]
		}
	} else {
		s.fail("encode histograms: %v", err)
	}
	s.fillFaultTiming(top)
	return top
}

// latenessHistogram encodes p's dispatch lateness as Histograms["lateness"]:
// how late each open-model iteration was handed to a worker, in µs. It is
// the load generator's own error, reported so it can be checked.
func (s *scenarioRun) latenessHistogram(p *part) map[string]string {
	if p.lateness == nil {
		return nil
	}
	b, err := p.lateness.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
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
	if s.samp != nil && !p.win.from.IsZero() {
		r.Pool = s.samp.pool(p.win)
		r.Server.Conns = s.samp.serverConns(p.win)
		r.Process = s.samp.process(p.win)
	}
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
