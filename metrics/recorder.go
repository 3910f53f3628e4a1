package metrics

import (
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// Options configure a Recorder.
type Options struct {
	// Live, when set, lets a progress line read this recorder while it
	// records.
	Live *Live
	// Mark, when set, has the recorder note its first success after each
	// fault end (see Mark).
	Mark *Mark
	// AcquireReported records the acquire wait of every iteration, even
	// when it is 0. Otherwise only waits above 0 are recorded, so drivers
	// that cannot measure it leave the acquire summary empty (no data).
	AcquireReported bool
}

// Recorder records the iterations of one worker. It must be used by one
// goroutine at a time; its recording methods take no locks and allocate
// nothing. Merge combines recorders once they are done.
type Recorder struct {
	// cur is the current window: latency (µs, ok and failed iterations),
	// acquire (µs; nil until the first wait to record, so that workers of
	// a driver that never reports one (Redis) do not carry 170 KB of
	// zeroes that count toward the GC's goal), lateness (µs, open models'
	// scheduler only) and errors by kind. Its counts are derived from live
	// when the window is taken (see TakeWindow).
	cur *Window
	// taken are the live counts at the last TakeWindow: what the recorder
	// counted since is the current window's.
	taken struct{ ok, failed, dropped int64 }
	// examples is the first failure of each kind (see Example); nil until
	// the first one.
	examples []example

	acquireAlways bool
	mark          *Mark
	// markSeen is the latest mark a success was seen after, and firstOK
	// the instant of that first success (both instants, see mono; 0 = none).
	markSeen, firstOK int64

	// live is allocated on its own: the Live view keeps a pointer to it
	// for the whole scenario, and an interior pointer would keep the
	// recorder and both its histograms alive with it.
	live *liveCounters
}

// NewRecorder returns an empty recorder, registered with o.Live if set.
// Each recorder holds one or two dense HDR histograms (about 170 KB each,
// mostly untouched pages), so keep few (the engine shares one among a few
// workers), never one per iteration.
// The acquire histogram is allocated here only with o.AcquireReported;
// otherwise at the first acquire wait, if one ever comes.
func NewRecorder(o Options) *Recorder {
	r := &Recorder{
		cur:           NewWindow(o.AcquireReported),
		acquireAlways: o.AcquireReported,
		mark:          o.Mark,
		live:          new(liveCounters),
	}
	if o.Live != nil {
		o.Live.register(r.live)
	}
	return r
}

// OK records a successful iteration.
func (r *Recorder) OK(latency, acquire time.Duration) {
	r.live.ok.Add(1)
	r.record(latency, acquire)
	if r.mark != nil {
		r.noteOK()
	}
}

// Fail records a failed iteration; kind indexes results.ErrorKinds (see
// KindIndex), and an index out of range counts as "other".
func (r *Recorder) Fail(kind int, latency, acquire time.Duration) {
	if kind < 0 || kind >= len(r.cur.Errors) {
		kind = KindOther
	}
	r.cur.Errors[kind]++
	r.live.failed.Add(1)
	r.record(latency, acquire)
}

// Drop records an iteration that never ran because no worker was free at
// its scheduled time (open models). It has no latency.
func (r *Recorder) Drop() { r.live.dropped.Add(1) }

// Late records how late the open-model scheduler handed an iteration to a
// worker. The histogram is allocated at the first call (once per window).
func (r *Recorder) Late(d time.Duration) {
	if r.cur.Lateness == nil {
		r.cur.Lateness = NewHistogram()
	}
	_ = r.cur.Lateness.RecordValue(micros(d))
}

func (r *Recorder) record(latency, acquire time.Duration) {
	us := micros(latency)
	// Cannot fail: us is within the histogram's range.
	_ = r.cur.Latency.RecordValue(us)
	r.live.buckets[bucketOf(us)].Add(1)
	if acquire > 0 || r.acquireAlways {
		us = micros(acquire)
		if r.cur.Acquire == nil {
			r.cur.Acquire = NewHistogram() // once per window
		}
		_ = r.cur.Acquire.RecordValue(us)
	}
}

// TakeWindow returns the current window, with the counts since the last
// call, and records into spare (which must be empty: new or Reset) from
// now on. Call it under the lock that guards the recording methods (Drop
// excepted: its count lands in one window or the next, never in both).
func (r *Recorder) TakeWindow(spare *Window) *Window {
	old := r.cur
	if r.acquireAlways && spare.Acquire == nil {
		spare.Acquire = NewHistogram()
	}
	r.cur = spare
	ok, failed, dropped := r.live.ok.Load(), r.live.failed.Load(), r.live.dropped.Load()
	old.OK, old.Failed, old.Dropped = ok-r.taken.ok, failed-r.taken.failed, dropped-r.taken.dropped
	r.taken.ok, r.taken.failed, r.taken.dropped = ok, failed, dropped
	return old
}

// AddWindow adds what w holds to r (which must not be recording
// meanwhile), as if r had recorded it: a part's totals from its windows.
func (r *Recorder) AddWindow(w *Window) {
	r.cur.Add(&Window{Latency: w.Latency, Acquire: w.Acquire, Lateness: w.Lateness, Errors: w.Errors})
	r.live.ok.Add(w.OK)
	r.live.failed.Add(w.Failed)
	r.live.dropped.Add(w.Dropped)
}

// noteOK keeps the instant of the first success after the current mark.
func (r *Recorder) noteOK() {
	m := r.mark.ns.Load()
	if m == 0 || m == r.markSeen {
		return
	}
	now := monoNow()
	if now < m {
		return // the fault is not over yet
	}
	r.markSeen, r.firstOK = m, now
}

// Ops returns the iteration counts, windows already taken included.
func (r *Recorder) Ops() results.Ops {
	ok, failed, dropped := r.live.ok.Load(), r.live.failed.Load(), r.live.dropped.Load()
	return results.Ops{Total: ok + failed + dropped, OK: ok, Failed: failed, Dropped: dropped}
}

// Acquire is the histogram of acquire waits in µs (empty when none was
// recorded). Read it only once recording is over.
func (r *Recorder) Acquire() *hdrhistogram.Histogram {
	if r.cur.Acquire == nil {
		return NewHistogram()
	}
	return r.cur.Acquire
}

// Lateness is the histogram of the scheduler's lateness in µs, nil when
// none was recorded. Read it only once recording is over.
func (r *Recorder) Lateness() *hdrhistogram.Histogram { return r.cur.Lateness }

// Recovery returns the time from m's latest fault end to this recorder's
// first success after it. ok is false when m was never set or no success
// was recorded after its latest value (no data).
func (r *Recorder) Recovery(m *Mark) (d time.Duration, ok bool) {
	if m == nil {
		return 0, false
	}
	last := m.ns.Load()
	if last == 0 || r.markSeen != last {
		return 0, false
	}
	return time.Duration(r.firstOK - last), true
}
