package metrics

import (
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/stressql/stressql/results"
)

// The first message of each error kind (results.Result.ErrorExamples) is
// kept without cost on the success path and at most once per kind and
// gate on the failure path: an ExampleGate, shared by the recorders of a
// load, admits the first failure of each kind; only that one builds its
// message (err.Error(), redaction) and hands it to Recorder.Example.
// Merge keeps the earliest example of each kind, so a phase and the
// scenario report the first one of any of their loads.

// ExampleGate admits one failure per error kind. The zero value is ready
// to use and safe for concurrent use; a failure of a kind already admitted
// costs one atomic load.
type ExampleGate struct {
	taken atomic.Uint64 // bit i: kind i (results.ErrorKinds) was admitted
}

func init() {
	if len(results.ErrorKinds) > 64 {
		panic("metrics: ExampleGate holds at most 64 error kinds")
	}
}

// Admit reports whether this is the first call for kind (an index into
// results.ErrorKinds); it returns true once per kind, false for an index
// out of range.
func (g *ExampleGate) Admit(kind int) bool {
	if kind < 0 || kind >= len(results.ErrorKinds) {
		return false
	}
	bit := uint64(1) << kind
	for {
		old := g.taken.Load()
		if old&bit != 0 {
			return false
		}
		if g.taken.CompareAndSwap(old, old|bit) {
			return true
		}
	}
}

// example is a recorded first failure; at is from the scenario's start,
// and set tells a recorded example from the zero value.
type example struct {
	msg string
	at  time.Duration
	set bool
}

// Example keeps msg as the example of kind (an index into
// results.ErrorKinds) that failed at at (from the scenario's start),
// unless the recorder already has an earlier one. msg is cut to
// results.MaxExampleBytes. Call it for the failures an ExampleGate
// admitted, in addition to Fail.
func (r *Recorder) Example(kind int, msg string, at time.Duration) {
	if kind < 0 || kind >= len(results.ErrorKinds) {
		kind = KindOther
	}
	if r.examples == nil {
		r.examples = make([]example, len(results.ErrorKinds))
	}
	if e := &r.examples[kind]; !e.set || at < e.at {
		*e = example{msg: Bound(msg, results.MaxExampleBytes), at: at, set: true}
	}
}

// mergeExamples keeps, for each kind, the earlier example of dst and src.
func mergeExamples(dst, src *Recorder) {
	for i, e := range src.examples {
		if e.set {
			dst.Example(i, e.msg, e.at)
		}
	}
}

// fillExamples sets res.ErrorExamples; nil when nothing was recorded.
func (r *Recorder) fillExamples(res *results.Result) {
	res.ErrorExamples = nil
	for i, e := range r.examples {
		if !e.set {
			continue
		}
		if res.ErrorExamples == nil {
			res.ErrorExamples = make(map[string]results.ErrorExample)
		}
		res.ErrorExamples[results.ErrorKinds[i]] = results.ErrorExample{
			Message: e.msg,
			AtMs:    float64(e.at) / float64(time.Millisecond),
		}
	}
}

// Bound returns s cut to at most n bytes at a character boundary, ending
// in "…" when it was cut (the ellipsis counts toward n; below 3 bytes
// there is no room for it).
func Bound(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	tail := ellipsis
	if n < len(ellipsis) {
		tail = ""
	}
	cut := max(n-len(tail), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + tail
}
