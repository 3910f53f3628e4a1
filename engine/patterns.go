package engine

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/internal/monotime"
	"github.com/stressql/stressql/plan"
)

// run waits for the load's start_after, then drives its pattern until it
// is done or sched is cancelled. Iterations run with work, which outlives
// sched by the grace period.
//
// The load starts at its phase's start (origin) plus start_after, on the
// clock the phase's faults use, not when its goroutine got to run: on a
// busy machine that is later, and a fault at the same `after` would
// otherwise come first.
func (lr *loadRun) run(sched, work context.Context) {
	origin := lr.origin
	if origin.IsZero() {
		origin = time.Now()
	}
	at := origin.Add(lr.load.StartAfter)
	if d := time.Until(at); d > 0 {
		if sleep(sched, d, nil) != nil {
			return
		}
	}
	if sched.Err() != nil {
		return
	}
	lr.mu.Lock()
	lr.ran = true
	// started is the planned instant (the schedule's origin); a load that
	// starts later than its phase takes a pool sample now for its window.
	lr.started = at
	if lr.load.StartAfter > 0 {
		lr.sc.boundary()
	}
	lr.mu.Unlock()
	defer func() {
		end := lr.sc.boundary()
		lr.mu.Lock()
		lr.ended = end
		lr.mu.Unlock()
	}()
	l := lr.load
	drive, ok := patternRunners[l.Pattern]
	if !ok {
		lr.sc.fail("load %q: unknown pattern %q", l.Name, l.Pattern)
		return
	}
	drive(lr, sched, work)
}

// patternRunners drive each pattern of internal/loadpattern's table; every
// pattern has one (a test checks).
var patternRunners = map[string]func(lr *loadRun, sched, work context.Context){
	plan.Burst:           (*loadRun).burst,
	plan.ConstantWorkers: (*loadRun).constantWorkers,
	plan.ConstantRate: func(lr *loadRun, sched, work context.Context) {
		if sg := lr.load.Segment; sg != nil {
			lr.open(sched, work, newSegmentPacer(newConstantPacer(sg.Rate, lr.load.Duration), sg))
			return
		}
		lr.open(sched, work, newConstantPacer(lr.load.Rate, lr.load.Duration))
	},
	plan.RampingRate: func(lr *loadRun, sched, work context.Context) {
		if sg := lr.load.Segment; sg != nil {
			lr.open(sched, work, newSegmentPacer(newRampingPacer(sg.StartRate, sg.Stages), sg))
			return
		}
		lr.open(sched, work, newRampingPacer(lr.load.StartRate, lr.load.Stages))
	},
}

// burst starts Workers workers together (a start barrier) and lets them
// share Iterations through an atomic counter.
func (lr *loadRun) burst(sched, work context.Context) {
	total := lr.load.Iterations
	if total <= 0 {
		total = lr.load.Workers
	}
	var next atomic.Int64
	lr.closed(lr.load.Workers, func(w *worker) {
		for sched.Err() == nil {
			seq := next.Add(1) - 1
			if seq >= total {
				return
			}
			w.iterate(work, seq, monotime.Now())
		}
	})
}

// constantWorkers loops each worker for Duration, pausing ThinkTime
// between iterations. An iteration in flight at the end finishes.
func (lr *loadRun) constantWorkers(sched, work context.Context) {
	ctx, cancel := context.WithDeadline(sched, lr.started.Add(lr.load.Duration))
	defer cancel()
	think := lr.load.ThinkTime
	var next atomic.Int64
	lr.closed(lr.load.Workers, func(w *worker) {
		for ctx.Err() == nil {
			w.iterate(work, next.Add(1)-1, monotime.Now())
			if think > 0 && sleep(ctx, think, w.timer) != nil {
				return
			}
		}
	})
}

// closed runs n workers of a closed model: all start at once, when every
// goroutine is ready, and each runs loop.
func (lr *loadRun) closed(n int64, loop func(w *worker)) {
	gate := make(chan struct{})
	var ready, done sync.WaitGroup
	for i := range n {
		w := lr.newWorker(i)
		ready.Add(1)
		done.Go(func() {
			defer lr.sc.recoverGoroutine()
			ready.Done()
			<-gate
			loop(w)
		})
	}
	ready.Wait()
	close(gate)
	done.Wait()
}

// job is one scheduled iteration of an open model.
type job struct {
	seq      int64
	intended int64 // monotime
}

// open runs an open model: a scheduler dispatches each iteration at its
// intended time to at most MaxWorkers workers. The buffered channel never
// blocks the scheduler because inFlight (dispatched and not finished)
// never exceeds its capacity: an iteration that finds every worker busy
// is dropped, not queued. Waking late, the scheduler dispatches every
// iteration already due (catch-up), so the count is exact; latency counts
// from the intended start.
//
// Workers start on demand, when an iteration is due and every started
// worker is busy: max_workers is a ceiling, not an allocation (a worker is
// a goroutine with its own WorkerState, timer and driver state, and drivers may
// hold a connection per busy worker; 1000/s of 1 ms queries needs a
// handful, not the default 100).
func (lr *loadRun) open(sched, work context.Context, p pacer) {
	maxWorkers := lr.load.MaxWorkers
	if maxWorkers <= 0 {
		maxWorkers = 100
	}
	ws := &openWorkers{lr: lr, work: work, max: maxWorkers, jobs: make(chan job, maxWorkers)}
	lr.schedule(sched, p, ws)
	close(ws.jobs)
	ws.wg.Wait()
}

// openWorkers are the workers of an open model. Only the scheduler
// starts them (started is its own); inFlight is shared with the workers.
type openWorkers struct {
	lr       *loadRun
	work     context.Context
	max      int64
	jobs     chan job
	inFlight atomic.Int64
	started  int64
	wg       sync.WaitGroup
}

// dispatch hands j to a worker, starting one when all are busy. It reports false, dispatching nothing, when max workers are busy.
func (ws *openWorkers) dispatch(j job) bool {
	busy := ws.inFlight.Load()
	if busy >= ws.max {
		return false
	}
	if busy >= ws.started {
		ws.start()
	}
	ws.inFlight.Add(1)
	ws.jobs <- j
	return true
}

func (ws *openWorkers) start() {
	i := ws.started
	ws.started++
	ws.wg.Go(func() {
		defer ws.lr.sc.recoverGoroutine()
		w := ws.lr.newWorker(i)
		for j := range ws.jobs {
			w.iterate(ws.work, j.seq, j.intended)
			ws.inFlight.Add(-1)
		}
	})
}

// preciseWindow is how far ahead of an iteration's intended start the
// scheduler switches from a Go timer to its preciseTimer.
const preciseWindow = 2 * time.Millisecond

// minPreciseSleep is the shortest wait of the scheduler: an iteration due
// sooner waits this long and goes out with the others then due. Each
// precise wake-up of an otherwise idle runtime is a thread woken, and on
// two cores shared with the workers and the server those wake-ups are
// what the workers lose at saturation. With nanosleep, a floor of 100 µs
// kept 50 000/s within 1 % (finding 2); with the timer and timerfd of
// preciseTimer (finding 4), three interleaved runs each of 10 000 and
// 50 000/s against the bare open loop on the quiet machine: served at
// 50 000/s ÷ the bare loop 0.89–0.96 at 100 µs, 0.96–0.995 at 300 µs,
// 0.97–0.99 at 600 µs; lateness p99 at 10 000/s 0.20–1.06, 0.52–1.84 and
// 0.74–4.4 ms. 300 µs: wake-ups bounded to 3 300/s, lateness below 1 ms
// at 10 000/s in most runs.
const minPreciseSleep = 300 * time.Microsecond

// schedule is the scheduler loop of open.
func (lr *loadRun) schedule(sched context.Context, p pacer, ws *openWorkers) {
	rec := lr.schedShard()
	timer := stoppedTimer()
	precise := newPreciseTimer()
	defer precise.close()
	start := lr.started
	startMono := monotime.Of(start)
	count := p.count()
	for n := int64(0); n < count; {
		if d := time.Until(start.Add(p.offset(n))); d > preciseWindow {
			// Far ahead: a timer (cancellable) gets close, then the loop
			// comes back here for the last stretch.
			if sleep(sched, d-preciseWindow/2, timer) != nil {
				return
			}
			continue
		} else if d > 0 {
			precise.wait(max(d, minPreciseSleep))
		}
		if sched.Err() != nil {
			return
		}
		now := monotime.Now()
		// One lock per wake-up, not per iteration: the series takes the
		// scheduler's window under it.
		rec.mu.Lock()
		for ; n < count; n++ {
			intended := startMono + int64(p.offset(n))
			if intended > now {
				break
			}
			if !ws.dispatch(job{seq: n, intended: intended}) {
				rec.rec.Drop()
				continue
			}
			rec.rec.Late(time.Duration(now - intended))
		}
		rec.mu.Unlock()
	}
}
