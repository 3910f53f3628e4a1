package engine

import (
	"context"
	"sync"
	"time"

	"github.com/stressql/stressql/engine/faults"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// dnsFaultHost is the host a phase with a dns fault dials: .invalid never
// resolves (RFC 6761), so resolution really fails.
const dnsFaultHost = "stressql-dns-fault.invalid"

// phaseRun is one phase as it ran.
type phaseRun struct {
	ph    *plan.Phase
	index int
	loads []*loadRun

	ran      bool
	from, to time.Time
	// warmup is set when the phase opened a pool that warms up (see warms).
	warmup *time.Duration
	// closeMs is a pool close in this phase: the close_pool fault's
	// (closedByFault), or else the previous pool's after a swap.
	closeMs       *float64
	closedByFault bool
	// mark is the latest recovery mark set in this phase (zero: none).
	mark    time.Time
	events  []faults.Event
	timings []faults.Timing
	// ser is the phase's part of the series.
	ser *phaseSeries
	// resize is the phase's resize under traffic; nil without one.
	resize *resizeRun
}

// runPhase opens the phase's pool when it needs a new one (its own pool
// block, or a dns fault coming or going), runs its loads concurrently with
// its fault timeline, and closes the previous pool meanwhile. It reports
// false when the phase could not start, and the scenario stops there.
func (s *scenarioRun) runPhase(index int, ph *plan.Phase) bool {
	pr := &phaseRun{ph: ph, index: index}
	s.phases = append(s.phases, pr)

	swap, ok := s.switchPool(pr)
	if !ok {
		return false
	}
	pool := s.cur
	for _, l := range ph.Loads {
		lr, err := newLoadRun(s, index, l, pool.pool)
		if err != nil {
			s.fail("%sprepare %v", phaseLabel(ph), err)
			s.finishSwap(pr, swap)
			return false
		}
		pr.loads = append(pr.loads, lr)
	}

	armResize(pr)
	// The loads' recorders are allocated before their clock starts, not
	// by their first workers within it.
	for _, lr := range pr.loads {
		lr.preallocShards()
	}

	pr.ran = true
	pr.from = s.samp.boundary()
	s.startSeries(pr)
	tl := faults.Start(s.work, ph.Faults, faults.Controls{
		Proxy:  s.proxy,
		Pool:   pool.pool,
		Server: s.server(),
		ClosePool: func(ctx context.Context) (time.Duration, error) {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.e.opts.Grace)
			defer cancel()
			return pool.close(cctx)
		},
	}, pr.from)
	for _, lr := range pr.loads {
		lr.origin = pr.from // one clock with the faults
		if injects(ph.Faults, lr.name) {
			lr.timeline = tl
		}
	}
	stopWatch := s.watchRecovery(pr, tl)
	loadsDone := make(chan struct{})
	waitResize := s.startResize(pr, pool, loadsDone)

	var wg sync.WaitGroup
	for _, lr := range pr.loads {
		wg.Go(func() {
			defer s.recoverGoroutine()
			lr.run(s.sched, s.work)
			lr.mu.Lock()
			ended := lr.ended
			lr.mu.Unlock()
			s.endLoad(pr, lr, ended)
		})
	}
	wg.Wait()
	close(loadsDone)
	waitResize()
	tl.Stop()
	stopWatch()
	pr.to = s.samp.boundary()
	s.stopSeries(pr)

	pr.events, pr.timings = tl.Events(), tl.Timings()
	for _, ev := range pr.events {
		if ev.Err != nil {
			s.fail("%sfault %s at +%s (%s): %v", phaseLabel(ph), ev.Kind, ev.At.Round(time.Millisecond), ev.What, ev.Err)
		}
	}
	if d, ok := tl.CloseMs(); ok {
		pr.closeMs, pr.closedByFault = msPtr(d), true
	}
	s.finishSwap(pr, swap)
	return true
}

// swapClose is the close of the previous pool, running beside a phase.
type swapClose struct {
	done chan struct{}
	dur  time.Duration
	err  error
}

// switchPool opens the phase's pool if it needs its own and starts
// closing the previous one. ok is false when the pool could not be opened.
func (s *scenarioRun) switchPool(pr *phaseRun) (swap *swapClose, ok bool) {
	ph := pr.ph
	dns := hasFault(ph.Faults, faultkind.DNS)
	if s.cur != nil && ph.Pool == nil && dns == s.cur.dns {
		return nil, true
	}
	cfg := ph.Pool
	if cfg == nil && s.cur != nil {
		cfg = s.cur.cfg
	}
	env := s.env
	if dns {
		env.Host, env.DialAddr = dnsFaultHost, ""
	}
	h, err := openPool(s.work, cfg, env)
	if err != nil {
		s.fail("%sopen the %s pool: %v", phaseLabel(ph), s.sc.Driver, err)
		return nil, false
	}
	pr.warmup = h.warmup
	old := s.cur
	s.pools = append(s.pools, h)
	s.cur = h
	s.samp.setPool(h)
	if old == nil {
		return nil, true
	}
	swap = &swapClose{done: make(chan struct{})}
	go func() {
		defer close(swap.done)
		defer s.recoverGoroutine()
		ctx, cancel := context.WithTimeout(context.Background(), s.e.opts.Grace)
		defer cancel()
		swap.dur, swap.err = old.close(ctx)
	}()
	return swap, true
}

// finishSwap waits for the previous pool's close and records it.
func (s *scenarioRun) finishSwap(pr *phaseRun, swap *swapClose) {
	if swap == nil {
		return
	}
	<-swap.done
	if swap.err != nil {
		s.fail("%sclose the previous pool: %v", phaseLabel(pr.ph), swap.err)
	}
	if pr.closeMs == nil {
		pr.closeMs = msPtr(swap.dur)
	}
}

func hasFault(fs []*plan.Fault, kind string) bool {
	for _, f := range fs {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

// injects reports whether an error fault of fs may hit load.
func injects(fs []*plan.Fault, load string) bool {
	for _, f := range fs {
		if f.Kind == faultkind.Error && (f.Load == "" || f.Load == load) {
			return true
		}
	}
	return false
}

// phaseLabel prefixes messages about a named phase.
func phaseLabel(ph *plan.Phase) string {
	if ph.Name == "" {
		return ""
	}
	return "phase " + ph.Name + ": "
}

func msPtr(d time.Duration) *float64 {
	ms := float64(d) / float64(time.Millisecond)
	return &ms
}
