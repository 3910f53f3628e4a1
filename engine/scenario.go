package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/netfault"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// errTimedOut is the cause of a scenario's hard stop.
var errTimedOut = errors.New("scenario timed out")

// Bounds of the after-scenario checks.
const (
	leakWait       = 3 * time.Second
	leakPoll       = 50 * time.Millisecond
	cleanupTimeout = 10 * time.Second
)

// scenarioRun is one scenario while it runs.
type scenarioRun struct {
	e     *engine
	sc    *plan.Scenario
	index int // 1-based
	total int
	seed  uint64

	target string
	env    drivers.Env
	proxy  *netfault.Proxy
	live   *metrics.Live
	mark   *metrics.Mark
	samp   *sampler

	// classify is the driver's error classifier; nil for errkind.Classify.
	classify func(error) string

	// sched stops scheduling (interrupt, timeout); work cancels
	// iterations in flight (grace expired, timeout).
	work, sched context.Context

	started     time.Time
	pools       []*poolHandle // every pool opened, in order
	cur         *poolHandle   // the pool traffic goes to
	phases      []*phaseRun
	window      window // first phase start to last phase end
	closeMs     *float64
	leaked      int
	interrupted bool
	// cut counts the iterations in flight when work ended (timeout, grace
	// expired), which the workers counted as failed (timeout).
	cut atomic.Int64

	// ser is the scenario's series; windows its windowed checks (nil
	// without any). A windowed check with abort that fails stops the
	// scenario: aborted is set, scheduling ends at once and work Grace
	// later.
	ser         *seriesState
	windows     WindowJudge
	aborted     atomic.Bool
	abortedAt   atomic.Int64 // from started, ns
	cancelSched context.CancelFunc
	cancelWork  context.CancelFunc
	graceTimer  *time.Timer
	abortMu     sync.Mutex

	mu     sync.Mutex
	errs   []string
	panics int
}

// fail records a scenario-level error; the password of the target never
// shows.
func (s *scenarioRun) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.target != "" {
		msg = scrub(msg, s.target)
	}
	s.mu.Lock()
	s.errs = append(s.errs, msg)
	s.mu.Unlock()
}

// panicked records a recovered panic: the first with its stack.
func (s *scenarioRun) panicked(r any) {
	stack := debug.Stack()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.panics++
	if s.panics == 1 {
		s.errs = append(s.errs, fmt.Sprintf("panic: %v\n%s", r, stack))
	}
}

// recoverGoroutine is deferred by every goroutine the engine starts.
func (s *scenarioRun) recoverGoroutine() {
	if r := recover(); r != nil {
		s.panicked(r)
	}
}

// execute runs the scenario and tears it down: the pools are closed, the
// server is asked for leaked connections, the namespace is cleaned up and
// the proxy stopped, whatever happened before.
func (s *scenarioRun) execute(ctx context.Context) {
	if s.started.IsZero() {
		s.started = time.Now()
	}
	if s.sc.Desc == nil {
		s.fail("the plan has no descriptor for driver %q", s.sc.Driver)
		return
	}
	s.classify = s.sc.Desc.Classify
	s.target = s.e.opts.Targets[s.sc.Driver]
	if f := s.e.opts.ScenarioTargets; f != nil {
		if url, _, ok := f(s.sc); ok {
			s.target = url
		}
	}
	if s.target == "" {
		s.fail("no %s target: pass --%s URL or set %s", s.sc.Driver, s.sc.Driver, s.sc.Desc.EnvVar)
		return
	}
	s.env = drivers.Env{
		URL:       s.target,
		AppName:   appName(s.e.opts.RunID, s.index, s.sc.Name),
		Namespace: namespace(s.sc.Desc.Namespace, s.e.opts.RunID, s.index),
		SafetyTTL: safetyTTL(s.sc.Timeout),
		AdminURL:  s.e.opts.AdminTargets[s.sc.Driver],
	}

	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	if t := s.sc.Timeout; t > 0 {
		var cancel context.CancelFunc
		work, cancel = context.WithTimeoutCause(work, t, errTimedOut)
		defer cancel()
	}
	sched, cancelSched := context.WithCancel(work)
	defer cancelSched()
	s.work, s.sched = work, sched
	s.cancelSched, s.cancelWork = cancelSched, cancelWork
	s.ser = &seriesState{interval: s.e.interval(), sink: s.e.opts.Series}
	if s.e.opts.Windows != nil && !s.e.opts.DeferChecks {
		s.windows = s.e.opts.Windows(s.sc, s.ser.interval)
	}
	defer s.stopGrace()
	release := s.onInterrupt(ctx, cancelSched, cancelWork)

	if needsProxy(s.sc) {
		if err := s.startProxy(); err != nil {
			release()
			s.fail("start the fault proxy: %v", err)
			return
		}
	}
	s.samp = newSampler(s.e.opts.SampleInterval)
	s.samp.countServer = s.sc.Desc.Has(drivers.CapServerConns)
	s.samp.measures = s.sc.Desc.PoolMetrics
	s.samp.start()
	stopProgress := s.startProgress()

	for i, ph := range s.sc.Phases {
		if sched.Err() != nil || !s.runPhase(i, ph) {
			break
		}
	}
	s.interrupted = ctx.Err() != nil
	cut := ""
	if n := s.cut.Load(); n > 0 {
		cut = fmt.Sprintf("; %d %s in flight %s cut short and counted as failed (timeout)",
			n, plural(n, "iteration"), plural(n, "was"))
	}
	// Without an interrupt, work ends only at the timeout; a driver that
	// set its socket deadline from work can fail, and the phases end, a
	// hair before work reports it.
	switch {
	case !s.interrupted && (errors.Is(context.Cause(work), errTimedOut) || stopping(work) && !s.aborted.Load()):
		s.fail("timed out after %s%s", s.sc.Timeout, cut)
	case s.interrupted && cut != "":
		s.fail("interrupted: the grace period (%s) ended%s", s.e.opts.Grace, cut)
	}
	release()
	stopProgress()
	s.samp.stopAndWait()
	s.setWindow()
	s.teardown()
}

// onInterrupt stops scheduling as soon as ctx is cancelled and cancels
// in-flight work Grace later. release ends the watch and waits for it.
func (s *scenarioRun) onInterrupt(ctx context.Context, cancelSched, cancelWork context.CancelFunc) (release func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	stop := context.AfterFunc(ctx, func() {
		defer wg.Done()
		cancelSched()
		t := time.NewTimer(s.e.opts.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancelWork()
		case <-done:
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			if stop() {
				wg.Done()
			}
			wg.Wait()
		})
	}
}

// plural is word for n, or its plural ("was" → "were").
func plural(n int64, word string) string {
	switch {
	case n == 1:
		return word
	case word == "was":
		return "were"
	}
	return word + "s"
}

func needsProxy(sc *plan.Scenario) bool {
	for _, ph := range sc.Phases {
		for _, f := range ph.Faults {
			if f.Network() {
				return true
			}
		}
	}
	return false
}

// startProxy puts the fault proxy between the pools and the target.
func (s *scenarioRun) startProxy() error {
	addr, err := targetAddr(s.sc.Desc, s.target)
	if err != nil {
		return err
	}
	rng := newRand(mix(s.seed, uint64(s.index), hashString("faultnet")))
	p, err := netfault.Listen(addr, netfault.WithRand(rng))
	if err != nil {
		return err
	}
	s.proxy = p
	s.env.DialAddr = p.Addr()
	return nil
}

// boundary is an exact pool sample taken now (see sampler.boundary), or
// just now outside a sampled scenario (tests of a single load).
func (s *scenarioRun) boundary() time.Time {
	if s == nil || s.samp == nil {
		return time.Now()
	}
	return s.samp.boundary()
}

// abort stops the scenario for a failed windowed check: no new
// iterations, and those in flight are cut Grace later.
func (s *scenarioRun) abort() {
	if !s.aborted.CompareAndSwap(false, true) {
		return
	}
	s.abortedAt.Store(int64(time.Since(s.started)))
	s.cancelSched()
	s.abortMu.Lock()
	s.graceTimer = time.AfterFunc(s.e.opts.Grace, s.cancelWork)
	s.abortMu.Unlock()
}

func (s *scenarioRun) stopGrace() {
	s.abortMu.Lock()
	defer s.abortMu.Unlock()
	if s.graceTimer != nil {
		s.graceTimer.Stop()
	}
}

// setWindow spans the phases that ran.
func (s *scenarioRun) setWindow() {
	for _, pr := range s.phases {
		if !pr.ran {
			continue
		}
		if s.window.from.IsZero() {
			s.window.from = pr.from
		}
		s.window.to = pr.to
	}
}

// teardown closes every pool (bounded by Grace), waits for the server to
// see none of the scenario's connections, cleans up the namespace and
// stops the proxy.
func (s *scenarioRun) teardown() {
	if len(s.pools) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), s.e.opts.Grace)
		for _, h := range s.pools {
			closedBefore := h.closedYet()
			d, err := h.close(ctx)
			if err != nil && !closedBefore {
				s.fail("close the pool: %v", err)
			}
			if h == s.cur && !closedBefore {
				s.closeMs = msPtr(d)
			}
		}
		cancel()
		last := s.pools[len(s.pools)-1]
		if s.sc.Desc.Has(drivers.CapServerConns) {
			s.checkLeaks(last.pool)
		}
		s.cleanup(last.pool)
	}
	if s.proxy != nil {
		if err := s.proxy.Close(); err != nil {
			s.fail("stop the fault proxy: %v", err)
		}
	}
}

// checkLeaks polls the server until it sees none of the scenario's
// connections, for at most leakWait.
func (s *scenarioRun) checkLeaks(p drivers.Pool) {
	deadline := time.Now().Add(leakWait)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		n, err := p.ServerConns(ctx)
		cancel()
		switch {
		case err == nil && n == 0:
			return
		case time.Now().After(deadline) && err != nil:
			s.fail("could not count the server's connections after closing the pool: %v", err)
			return
		case time.Now().After(deadline):
			s.leaked = n
			s.fail("%d connections leaked: the server still had them %s after the pool was closed", n, leakWait)
			return
		}
		time.Sleep(leakPoll)
	}
}

func (s *scenarioRun) cleanup(p drivers.Pool) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if err := p.Cleanup(ctx); err != nil {
		s.fail("clean up namespace %s: %v", s.env.Namespace, err)
	}
}

// report turns the run into the scenario's results, checks and status.
func (s *scenarioRun) report(sr *results.ScenarioRun) {
	sr.Result = s.result()
	sr.Checks = s.judge(sr.Result)
	sr.Aborted = s.abortInfo(sr.Checks)
	if lag := results.GeneratorLag(sr.Result); lag != "" {
		sr.Warnings = append(sr.Warnings, lag)
	}
	sr.LeakedConns = s.leaked
	sr.Faults = s.faultEvents(s.started)
	sr.DurationMs = float64(time.Since(sr.StartedAt)) / float64(time.Millisecond)
	s.mu.Lock()
	if s.panics > 1 {
		s.errs = append(s.errs, fmt.Sprintf("%d more panics", s.panics-1))
	}
	sr.Errors = append([]string(nil), s.errs...)
	s.mu.Unlock()
	failed := false
	for _, c := range sr.Checks {
		failed = failed || !c.Passed
	}
	switch {
	case s.interrupted:
		sr.Status = results.StatusInterrupted
	case len(sr.Errors) > 0:
		sr.Status = results.StatusError
	case failed && !s.e.opts.DeferChecks:
		sr.Status = results.StatusFail
	default:
		sr.Status = results.StatusPass
	}
}

// faultEvents lists what every phase's fault timeline did, timed from the
// scenario's start (s.started, as error_examples and the faults object).
func (s *scenarioRun) faultEvents(start time.Time) []results.FaultEvent {
	var out []results.FaultEvent
	for _, pr := range s.phases {
		offset := pr.from.Sub(start)
		for _, ev := range pr.events {
			fe := results.FaultEvent{
				AtMs:  float64(offset+ev.At) / float64(time.Millisecond),
				Phase: pr.ph.Name,
				Kind:  ev.Kind,
				What:  ev.What,
			}
			if ev.Err != nil {
				fe.Error = ev.Err.Error()
			}
			faultEventTiming(&fe, offset, ev)
			out = append(out, fe)
		}
	}
	return out
}

// judge has the scenario's checks evaluated over r by Options.Judge.
// Without a judge, every check fails as not evaluated: a check never
// passes because nothing looked at it.
func (s *scenarioRun) judge(r *results.Result) []results.CheckResult {
	if s.e.opts.DeferChecks {
		return deferredChecks(s.sc)
	}
	if s.e.opts.Judge == nil {
		out := make([]results.CheckResult, 0, len(s.sc.Checks))
		for _, c := range s.sc.Checks {
			out = append(out, results.CheckResult{Name: c.Name, Condition: c.Condition, Source: c.Source.String(),
				Message: "the check was not evaluated: the run had no judge", Values: []results.CheckValue{}})
		}
		return out
	}
	out := s.e.opts.Judge(s.sc, r)
	if out == nil {
		out = []results.CheckResult{}
	}
	if s.windows != nil && len(out) == len(s.sc.Checks) {
		// The windowed checks' verdicts come from the series, in order.
		ws := s.windows.Results()
		for i, c := range s.sc.Checks {
			if c.Window > 0 && len(ws) > 0 {
				out[i], ws = ws[0], ws[1:]
			}
		}
	}
	return out
}

// abortInfo says which windowed check stopped the scenario, and when.
func (s *scenarioRun) abortInfo(checks []results.CheckResult) *results.Abort {
	if !s.aborted.Load() {
		return nil
	}
	a := &results.Abort{AtMs: float64(s.abortedAt.Load()) / float64(time.Millisecond)}
	for i, c := range s.sc.Checks {
		if c.Abort && i < len(checks) && !checks[i].Passed {
			a.Check = c.Name
			if w := checks[i].Window; w != nil {
				a.WindowMs = w.TMs
			}
			break
		}
	}
	return a
}

// server is the control of the scenario's server process (the restart
// fault), nil when stressql did not start it.
func (s *scenarioRun) server() drivers.ServerControl {
	if f := s.e.opts.ScenarioTargets; f != nil {
		if _, srv, ok := f(s.sc); ok {
			return srv
		}
	}
	return s.e.opts.Servers[s.sc.Driver]
}
