package metrics

import (
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// Window is what recorders recorded during one interval: the interval's
// own histograms (µs) and counts. A Recorder records into its current
// window; TakeWindow hands it over and gives the recorder a fresh one, so
// an iteration counts in exactly one window: the one current when it
// completed. A Window is reused: Reset it and hand it back as a spare.
type Window struct {
	// Latency is never nil; Acquire and Lateness are nil until a value is
	// recorded, and kept (empty) by Reset.
	Latency, Acquire, Lateness *hdrhistogram.Histogram
	Errors                     []int64 // by index into results.ErrorKinds
	OK, Failed, Dropped        int64
}

// NewWindow returns an empty window; acquire allocates its acquire
// histogram now (see Options.AcquireReported).
func NewWindow(acquire bool) *Window {
	w := &Window{Latency: NewHistogram(), Errors: make([]int64, len(results.ErrorKinds))}
	if acquire {
		w.Acquire = NewHistogram()
	}
	return w
}

// Reset empties w, keeping its histograms for reuse.
func (w *Window) Reset() {
	w.Latency.Reset()
	if w.Acquire != nil {
		w.Acquire.Reset()
	}
	if w.Lateness != nil {
		w.Lateness.Reset()
	}
	clear(w.Errors)
	w.OK, w.Failed, w.Dropped = 0, 0, 0
}

// Add merges o into w (histograms lose nothing: same range and precision).
func (w *Window) Add(o *Window) {
	if o.Latency.TotalCount() > 0 {
		w.Latency.Merge(o.Latency)
	}
	w.Acquire = mergeInto(w.Acquire, o.Acquire)
	w.Lateness = mergeInto(w.Lateness, o.Lateness)
	for i, n := range o.Errors {
		w.Errors[i] += n
	}
	w.OK += o.OK
	w.Failed += o.Failed
	w.Dropped += o.Dropped
}

// mergeInto merges src into dst, allocating dst when src has values.
func mergeInto(dst, src *hdrhistogram.Histogram) *hdrhistogram.Histogram {
	if src == nil || src.TotalCount() == 0 {
		return dst
	}
	if dst == nil {
		dst = NewHistogram()
	}
	dst.Merge(src)
	return dst
}

// Ops returns the window's counts.
func (w *Window) Ops() results.Ops {
	return results.Ops{Total: w.OK + w.Failed + w.Dropped, OK: w.OK, Failed: w.Failed, Dropped: w.Dropped}
}

// Fill sets what the window knows in res, as Recorder.Fill does for a
// whole part (d is the window's length): ops, error_rate, throughput,
// duration, errors, latency, acquire and lateness. Error examples are
// kept per part, not per window.
func (w *Window) Fill(res *results.Result, d time.Duration) {
	fillCounts(res, w.Ops(), w.Errors, d)
	res.Latency = Summary(w.Latency)
	res.Acquire = Summary(w.Acquire)
	res.Lateness = Summary(w.Lateness)
}

// fillCounts sets ops, error_rate, throughput, duration and errors.
func fillCounts(res *results.Result, ops results.Ops, errs []int64, d time.Duration) {
	res.Ops = ops
	res.ErrorRate = 0
	if done := ops.OK + ops.Failed; done > 0 {
		res.ErrorRate = float64(ops.Failed) / float64(done)
	}
	res.Throughput = 0
	if d > 0 {
		res.Throughput = float64(ops.OK) / d.Seconds()
	}
	res.Duration = float64(d) / float64(time.Millisecond)
	res.Errors = make(map[string]int64, len(results.ErrorKinds))
	for i, k := range results.ErrorKinds {
		res.Errors[k] = errs[i]
	}
}
