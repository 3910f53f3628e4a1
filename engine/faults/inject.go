package faults

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
)

// errFault is one `error` fault: while active, a share p of the iterations
// of load (all loads when "") fail before any I/O.
type errFault struct {
	active atomic.Bool
	load   string
	p      float64
}

// Inject reports whether this iteration of load must fail with
// drivers.ErrInjected: an error fault for this load (or all loads) is
// active and a draw from r falls under its probability. r is the worker's
// own generator, seeded from --seed; it is drawn from only while such a
// fault is active. Lock-free and allocation-free.
func (t *Timeline) Inject(load string, r *rand.Rand) bool {
	if t == nil {
		return false
	}
	for i := range t.errs {
		e := &t.errs[i]
		if e.active.Load() && (e.load == "" || e.load == load) && r.Float64() < e.p {
			return true
		}
	}
	return false
}

// setError turns error fault i on or off.
func (t *Timeline) setError(i int, on bool) {
	e := &t.errs[t.errOf[i]]
	if e.active.Swap(on) == on {
		return
	}
	if !on {
		t.mark(i, cleared, "end", nil)
		return
	}
	target := "all loads"
	if e.load != "" {
		target = fmt.Sprintf("load %q", e.load)
	}
	t.mark(i, fired, fmt.Sprintf("start: %g%% of the iterations of %s fail", e.p*100, target), nil)
}
