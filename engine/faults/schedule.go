package faults

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// action fires (or, with end, clears) fault i at offset at.
type action struct {
	at  time.Duration
	i   int
	end bool
}

// schedule lists the actions in time order; at the same time a clear
// comes before a fire, so back-to-back windows do not overlap. Unknown
// kinds are reported as events.
func (t *Timeline) schedule() []action {
	var acts []action
	for i, f := range t.faults {
		act, ok := actions[f.Kind]
		switch {
		case !ok || act.start == nil && !act.atOpen:
			t.event(f.Kind, "not scheduled", fmt.Errorf("unknown fault kind %q", f.Kind))
		case act.atOpen:
			// Applied by the engine when it opens the pool.
		default:
			tm := Timing{Index: i, Kind: f.Kind, PlannedStart: f.After, PlannedEnd: -1, Start: -1, End: -1}
			acts = append(acts, action{at: f.After, i: i})
			if act.end != nil && f.Duration > 0 {
				acts = append(acts, action{at: f.After + f.Duration, i: i, end: true})
			}
			if f.Duration > 0 && (act.end != nil || act.selfEnd) {
				tm.PlannedEnd = f.After + f.Duration
			}
			t.evMu.Lock()
			t.timings[i] = tm
			t.evMu.Unlock()
		}
	}
	slices.SortStableFunc(acts, func(a, b action) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		switch {
		case a.end && !b.end:
			return -1
		case b.end && !a.end:
			return 1
		}
		return 0
	})
	return acts
}

// loop runs the actions, each at its time, until they are done or Stop.
func (t *Timeline) loop(acts []action) {
	defer t.wg.Done()
	for _, a := range acts {
		if !t.waitUntil(a.at) {
			return
		}
		t.run(a)
	}
}

// waitUntil sleeps until offset at from the start (by the Controls clock)
// and reports false if the timeline was stopped first.
func (t *Timeline) waitUntil(at time.Duration) bool {
	d := t.start.Add(at).Sub(t.c.Now())
	if d <= 0 {
		return t.stopCtx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-t.stopCtx.Done():
		return false
	}
}

// run performs one action. Those that talk to a server run in their own
// goroutine (see spawned) so that they cannot delay the rest of the
// schedule.
func (t *Timeline) run(a action) {
	act := actions[t.faults[a.i].Kind]
	if a.end {
		act.end(t, a.i)
		return
	}
	act.start(t, a.i)
}

// spawn runs fn in a goroutine that Stop waits for.
func (t *Timeline) spawn(fn func()) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		fn()
	}()
}
