package faults

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/netfault"
	"github.com/stressql/stressql/plan"
)

var errNoProxy = errors.New("no fault proxy for this phase")

// netState is what the proxy is set to, per way (0 upstream, 1 downstream).
type netState struct {
	delay, jitter [2]time.Duration
	kbps          [2]int64
	resetP        float64
	resetReqP     float64 // reset per request
	spareReqs     int
	stall         bool
}

// desired is the proxy setting for the active network faults, oldest
// first: where two of a kind overlap, the one that started last wins, and
// when it ends the other applies again.
func desired(faults []*plan.Fault, active []int) netState {
	var s netState
	for _, i := range active {
		f := faults[i]
		actions[f.Kind].net(f, &s)
	}
	return s
}

// errNoDirection: the plan gave a latency or bandwidth fault no direction
// (the compiler always sets one).
var errNoDirection = errors.New("the fault has no direction")

// checkDirection reports an error when a fault whose kind takes a
// direction has none the proxy knows.
func checkDirection(f *plan.Fault) error {
	if k, ok := faultkind.Of(f.Kind); !ok || !k.Takes("direction") {
		return nil
	}
	switch f.Direction {
	case plan.Upstream, plan.Downstream, plan.Both:
		return nil
	}
	return errNoDirection
}

// ways lists the way indexes the fault's direction covers.
func ways(f *plan.Fault) []int {
	switch f.Direction {
	case plan.Upstream:
		return []int{0}
	case plan.Downstream:
		return []int{1}
	case plan.Both:
		return []int{0, 1}
	}
	return nil // refused by checkDirection before the fault is active
}

// setNetwork turns network fault i (latency, bandwidth, reset, timeout) on
// or off and updates the proxy.
func (t *Timeline) setNetwork(i int, on bool) {
	f := t.faults[i]
	t.netMu.Lock()
	defer t.netMu.Unlock()
	if t.on[i] == on {
		return // an end for a fault that could not start
	}
	if on {
		if t.c.Proxy == nil {
			t.mark(i, fired, "not done", errNoProxy)
			return
		}
		if err := checkDirection(f); err != nil {
			t.mark(i, fired, "not done", err)
			return
		}
		t.active = append(t.active, i)
	} else {
		t.active = slices.DeleteFunc(t.active, func(j int) bool { return j == i })
	}
	t.on[i] = on
	t.applyLocked()
	if on {
		t.mark(i, fired, "start: "+describe(f), nil)
	} else {
		t.mark(i, cleared, "end", nil)
	}
}

// applyLocked brings the proxy to the state the active faults want,
// touching only the settings that change.
func (t *Timeline) applyLocked() {
	p, want, have := t.c.Proxy, desired(t.faults, t.active), t.applied
	dirs := [2]netfault.Direction{netfault.Upstream, netfault.Downstream}
	for w, dir := range dirs {
		if want.delay[w] != have.delay[w] || want.jitter[w] != have.jitter[w] {
			p.SetLatency(want.delay[w], want.jitter[w], dir)
		}
		if want.kbps[w] != have.kbps[w] {
			p.SetBandwidth(want.kbps[w], dir)
		}
	}
	if want.resetP != have.resetP {
		p.SetReset(want.resetP)
	}
	if want.resetReqP != have.resetReqP || want.spareReqs != have.spareReqs {
		p.SetResetRequests(want.resetReqP, want.spareReqs)
	}
	if want.stall != have.stall {
		p.SetStall(want.stall)
	}
	t.applied = want
}

// setOutage starts or ends outage fault i. Overlapping outages make one:
// the proxy comes back when the last of them ends, and recovery is
// measured from then.
func (t *Timeline) setOutage(i int, on bool) {
	f := t.faults[i]
	t.netMu.Lock()
	defer t.netMu.Unlock()
	if t.on[i] == on {
		return
	}
	if on && t.c.Proxy == nil {
		t.mark(i, fired, "not done", errNoProxy)
		return
	}
	t.on[i] = on
	if on {
		t.outages++
		if t.outages == 1 {
			t.c.Proxy.StartOutage()
		}
		t.mark(i, fired, "start: "+describe(f), nil)
		return
	}
	t.outages--
	if t.outages > 0 {
		t.mark(i, cleared, "end (another outage goes on)", nil)
		return
	}
	if err := t.c.Proxy.EndOutage(); err != nil {
		t.mark(i, cleared, "end", fmt.Errorf("end the outage: %w", err))
		return
	}
	now := t.c.Now()
	t.recovered(now)
	t.markTimes(i, cleared, now, now, "end", nil)
}

// clearAll ends every fault still active, for Stop. Faults cut short here
// do not count for recovery: the phase is over.
func (t *Timeline) clearAll() {
	for i, e := range t.errOf {
		if e >= 0 && t.errs[e].active.Swap(false) {
			t.mark(i, cleared, "end (phase ended)", nil)
		}
	}
	t.netMu.Lock()
	defer t.netMu.Unlock()
	for _, i := range t.active {
		t.on[i] = false
		t.mark(i, cleared, "end (phase ended)", nil)
	}
	t.active = nil
	if t.applied != (netState{}) {
		t.applyLocked()
	}
	if t.outages == 0 {
		return
	}
	t.outages = 0
	var err error
	if e := t.c.Proxy.EndOutage(); e != nil {
		err = fmt.Errorf("end the outage: %w", e)
	}
	// One event for the outage; each outage still on ended now.
	last := -1
	for i, f := range t.faults {
		if f.Kind == faultkind.Outage && t.on[i] {
			t.on[i] = false
			if last >= 0 {
				t.markQuiet(last)
			}
			last = i
		}
	}
	t.mark(last, cleared, "end (phase ended)", err)
}

// describe says what a network fault does, for its start event.
func describe(f *plan.Fault) string {
	if d := actions[f.Kind].describe; d != nil {
		return d(f)
	}
	return f.Kind
}
