package engine

import (
	"sync"
	"time"

	"github.com/stressql/stressql/engine/faults"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/metrics"
)

// markPoll is how often the actual end of a fault is looked up.
const markPoll = 5 * time.Millisecond

// watchRecovery keeps the scenario's recovery mark at the end of the
// phase's latest fault that sets a recovery point (faultkind's Recovery:
// outage, terminate, pause). The planned end is set ahead
// (recorders ignore successes before it), then replaced by the actual end
// the timeline reports, which is never earlier. The returned stop ends the
// watch after a last look.
func (s *scenarioRun) watchRecovery(pr *phaseRun, tl *faults.Timeline) (stop func()) {
	var planned time.Time
	watch := false
	for _, f := range pr.ph.Faults {
		k, ok := faultkind.Of(f.Kind)
		if !ok || !k.Recovery {
			continue
		}
		watch = true
		switch {
		case k.Timing == faultkind.Instant:
			// A restart's server is back down_for later at the earliest.
			planned = later(planned, pr.from.Add(f.After+f.DownFor))
		case f.Duration > 0:
			planned = later(planned, pr.from.Add(f.After+f.Duration))
		}
	}
	if !watch {
		return func() {}
	}
	if !planned.IsZero() {
		s.setMark(pr, planned)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(markPoll)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.pollMark(pr, tl)
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		s.pollMark(pr, tl)
	}
}

func (s *scenarioRun) pollMark(pr *phaseRun, tl *faults.Timeline) {
	if t, ok := tl.RecoveryFrom(); ok && t.After(pr.mark) {
		s.setMark(pr, t)
	}
}

func (s *scenarioRun) setMark(pr *phaseRun, t time.Time) {
	s.mark.Set(t)
	pr.mark = t
}

// markAt is a Mark holding t, to ask a merged recorder about recovery
// from that instant.
func markAt(t time.Time) *metrics.Mark {
	m := &metrics.Mark{}
	if !t.IsZero() {
		m.Set(t)
	}
	return m
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
