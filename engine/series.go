package engine

import (
	"sync"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// DefaultInterval is the length of a series record when Options.Interval
// is 0.
const DefaultInterval = time.Second

// A scenario's series: each phase cuts its loads' recorders every
// interval, from the phase's start (the ticks of a phase are aligned to
// its start, so a 10 s phase has ten records); a load is cut once more at
// its own end, and the phase at its end. Each cut takes the recorders'
// current windows (metrics.Recorder.TakeWindow) — an iteration counts in
// the window current when it completed — and pairs them with the pool,
// server and process samples of the same span, whose ends are exact pool
// samples (sampler.boundary). The records' counts thus add up to the
// part's totals exactly, and the totals are the sum of the windows.
//
// A tick that would fall within a quarter interval of a phase's planned
// end (phases whose loads all run for a set duration) is skipped, so that
// the last record runs to the end instead of leaving a sliver of a few
// milliseconds: the iterations still in flight when the load's time is up.

// tailFraction is the part of an interval within which a tick before a
// phase's planned end is skipped.
const tailFraction = 4

// emptyHistogram stands in for a window's missing acquire or lateness
// histogram in events (read-only).
var emptyHistogram = metrics.NewHistogram()

// seriesState is a scenario's series while it runs: mu serializes the
// cuts of a phase's ticker with the ends of its loads.
type seriesState struct {
	mu       sync.Mutex
	interval time.Duration
	sink     series.Sink // Options.Series and the windowed checks; nil for none
	records  []results.Interval
}

// phaseSeries is a phase's part of the series.
type phaseSeries struct {
	lastCut time.Time
	// pending holds what loads that ended since the last cut recorded in
	// their last window, for the phase's next record.
	pending       *metrics.Window
	pendingPolicy policyCounts
	records       []results.Interval
	stop, done    chan struct{}
}

// loadSeries is a load's part of the series.
type loadSeries struct {
	lastCut time.Time
	final   bool // the load's last window has been taken
	// total is the sum of the windows taken: the load's results.
	total   *metrics.Recorder
	agg     *metrics.Window
	spares  []*metrics.Window
	policy  policyCounts // the load's policy counters at lastCut
	records []results.Interval
}

// minus is p - o: a load's policy counters over one record, from two
// readings of its cumulative counters.
func (p policyCounts) minus(o policyCounts) policyCounts {
	return policyCounts{
		retries:   p.retries - o.retries,
		fallbacks: p.fallbacks - o.fallbacks,
		breaker: results.Breaker{
			Opened:     p.breaker.Opened - o.breaker.Opened,
			HalfOpened: p.breaker.HalfOpened - o.breaker.HalfOpened,
			Closed:     p.breaker.Closed - o.breaker.Closed,
			Rejected:   p.breaker.Rejected - o.breaker.Rejected,
		},
	}
}

// plannedEnd is when a phase's loads are planned to end, from its start;
// ok is false when a load's end is not known in advance (burst).
func plannedEnd(ph *plan.Phase) (time.Duration, bool) {
	var end time.Duration
	for _, l := range ph.Loads {
		d := l.Duration
		for _, st := range l.Stages {
			d += st.Duration
		}
		if d <= 0 {
			return 0, false
		}
		end = max(end, l.StartAfter+d)
	}
	return end, end > 0
}

// nearEnd reports whether a tick at offset due falls within a
// tailFraction of an interval of the planned end.
func nearEnd(due, end, iv time.Duration) bool {
	d := end - due
	if d < 0 {
		d = -d
	}
	return d < iv/tailFraction
}

// startSeries begins pr's series at its start and launches its ticker.
// Call it once pr.from is set and before the loads start.
func (s *scenarioRun) startSeries(pr *phaseRun) {
	ps := &phaseSeries{lastCut: pr.from, pending: metrics.NewWindow(false),
		stop: make(chan struct{}), done: make(chan struct{})}
	pr.ser = ps
	for _, lr := range pr.loads {
		lr.ser = &loadSeries{total: metrics.NewRecorder(metrics.Options{}), agg: metrics.NewWindow(false)}
	}
	end, known := plannedEnd(pr.ph)
	iv := s.ser.interval
	go func() {
		defer close(ps.done)
		defer s.recoverGoroutine()
		t := stoppedTimer()
		for k := 1; ; k++ {
			due := time.Duration(k) * iv
			if known && nearEnd(due, end, iv) {
				continue // the last record runs to the end
			}
			t.Reset(time.Until(pr.from.Add(due)))
			select {
			case <-ps.stop:
				t.Stop()
				return
			case <-t.C:
			}
			s.cutPhase(pr, s.samp.boundary())
		}
	}()
}

// stopSeries ends pr's ticker and cuts the phase a last time, at its end.
func (s *scenarioRun) stopSeries(pr *phaseRun) {
	if pr.ser == nil {
		return
	}
	close(pr.ser.stop)
	<-pr.ser.done
	s.cutPhase(pr, pr.to)
}

// endLoad takes lr's last window once the load is over, at ended (an
// exact pool sample), so the load's last record stops at its own end,
// and frees its recorders.
func (s *scenarioRun) endLoad(pr *phaseRun, lr *loadRun, ended time.Time) {
	if lr.ser == nil {
		return
	}
	s.ser.mu.Lock()
	defer s.ser.mu.Unlock()
	if w, pol, ok := s.cutLoad(pr, lr, ended, true); ok {
		pr.ser.pending.Add(w)
		pr.ser.pendingPolicy.addPolicy(&pol)
	}
	lr.release()
}

// cutLoad takes lr's windows up to at and makes its record; ok is false
// when the load has not started yet or is already over. The window
// returned is lr's aggregate, valid until its next cut. Call with
// s.ser.mu held.
func (s *scenarioRun) cutLoad(pr *phaseRun, lr *loadRun, at time.Time, final bool) (*metrics.Window, policyCounts, bool) {
	ls := lr.ser
	started, ran := lr.startedAt()
	if ls.final || !ran {
		return nil, policyCounts{}, false
	}
	from := ls.lastCut
	if from.Before(started) {
		from = started
	}
	w := lr.takeWindows()
	ls.total.AddWindow(w)
	var now policyCounts
	now.add(&lr.counters)
	pol := now.minus(ls.policy)
	ls.policy = now
	ls.lastCut = at
	ls.final = final
	rec := s.record(w, from, at, pol)
	ls.records = append(ls.records, rec)
	s.emit(s.event(series.LevelLoad, pr.ph.Name, lr.name, from, at, &ls.records[len(ls.records)-1], w))
	return w, pol, true
}

// cutPhase makes the records of pr's loads, then of pr and the scenario,
// for the span from the phase's last cut to at.
func (s *scenarioRun) cutPhase(pr *phaseRun, at time.Time) {
	s.ser.mu.Lock()
	defer s.ser.mu.Unlock()
	ps := pr.ser
	w, pol := ps.pending, ps.pendingPolicy
	for _, lr := range pr.loads {
		if lw, lpol, ok := s.cutLoad(pr, lr, at, false); ok {
			w.Add(lw)
			pol.addPolicy(&lpol)
		}
	}
	from := ps.lastCut
	if !at.After(from) && w.Ops().Total == 0 {
		return
	}
	ps.lastCut = at
	rec := s.record(w, from, at, pol)
	if pr.ph.Name != "" {
		ps.records = append(ps.records, rec)
		s.emit(s.event(series.LevelPhase, pr.ph.Name, "", from, at, &ps.records[len(ps.records)-1], w))
	}
	s.ser.records = append(s.ser.records, rec)
	s.emit(s.event(series.LevelScenario, "", "", from, at, &s.ser.records[len(s.ser.records)-1], w))
	w.Reset()
	ps.pendingPolicy = policyCounts{}
}

// record is the results object of w over [from, to].
func (s *scenarioRun) record(w *metrics.Window, from, to time.Time, pol policyCounts) results.Interval {
	iv := results.Interval{TMs: msSince(s.started, from)}
	w.Fill(&iv.Result, to.Sub(from))
	iv.StartMs = iv.TMs
	win := []window{{from, to}}
	iv.Pool, iv.Server.Conns, iv.Process = s.samp.live(win)
	iv.Bouncer = s.samp.bouncer(win)
	iv.Retries, iv.Fallbacks, iv.Breaker = pol.retries, pol.fallbacks, pol.breaker
	return iv
}

// event is the series event of one record (rec must stay valid: it
// points into the records kept).
func (s *scenarioRun) event(level, phase, load string, from, to time.Time, rec *results.Interval, w *metrics.Window) *series.Event {
	return &series.Event{
		RunID: s.e.opts.RunID, Scenario: s.sc.Name, Index: s.index,
		Level: level, Phase: phase, Load: load,
		ScenarioStart: s.started, Start: from, End: to,
		Record:   rec,
		Latency:  w.Latency,
		Acquire:  orEmpty(w.Acquire),
		Lateness: orEmpty(w.Lateness),
	}
}

func orEmpty(h *hdrhistogram.Histogram) *hdrhistogram.Histogram {
	if h == nil {
		return emptyHistogram
	}
	return h
}

// emit hands ev to the sink; a windowed check that asks to abort stops
// the scenario's scheduling.
func (s *scenarioRun) emit(ev *series.Event) {
	if s.ser.sink != nil {
		s.ser.sink.Interval(ev)
	}
	if s.windows != nil && s.windows.Interval(ev) {
		s.abort()
	}
}

func msSince(origin, t time.Time) float64 {
	return float64(t.Sub(origin)) / float64(time.Millisecond)
}
