package postgres

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stressql/stressql/internal/monotime"
)

// acquireDeadline is the context a worker hands pgxpool.Acquire to bound
// the wait by acquire_timeout. pgxpool takes a deadline only as a context,
// and a context.WithTimeout per acquire (an allocation, a timer and a lock
// on the shared parent each time) cost more than the acquire itself. A
// worker keeps one acquireDeadline and re-arms it per acquire: arming sets
// a deadline under the worker's own lock, and the one timer is lazy — it
// fires at most once per acquire_timeout and then either expires the
// context or re-arms itself for the current deadline.
//
// It is done when its deadline passes while armed, or when its parent is
// done. Once done it stays done forever: puddle may still hold a context
// whose acquire it abandoned (a connection being dialled, a ping), so a
// worker replaces a done acquireDeadline instead of re-arming it.
//
// Times are monotime readings: one clock read per acquire, not two.
type acquireDeadline struct {
	parent     context.Context // fixed for the life of the value
	parentEnd  int64           // the parent's deadline (math.MaxInt64: none)
	done       chan struct{}
	timer      *time.Timer
	stopParent func() bool

	// The acquire's own state is atomic: arm and disarm, once per acquire,
	// take no lock (a mutex there cost a tenth of an acquire that finds an
	// idle connection). arm stores deadline then armed and reads pending;
	// fire stores pending then reads armed: with Go's sequentially
	// consistent atomics one of them sees the other's store, so an armed
	// acquire always has a timer due by its deadline.
	deadline atomic.Int64
	armed    atomic.Bool // an acquire is waiting under deadline
	pending  atomic.Bool // the timer is scheduled ...
	fireAt   atomic.Int64
	ended    atomic.Bool // err is set and done closed

	mu  sync.Mutex // the timer's state changes, and err
	err error
}

func newAcquireDeadline(parent context.Context) *acquireDeadline {
	d := &acquireDeadline{parent: parent, parentEnd: math.MaxInt64, done: make(chan struct{})}
	if dl, ok := parent.Deadline(); ok {
		d.parentEnd = monotime.Now() + int64(time.Until(dl))
	}
	d.timer = time.AfterFunc(time.Hour, d.fire)
	d.timer.Stop()
	d.stopParent = context.AfterFunc(parent, d.parentDone)
	return d
}

// arm starts an acquire that must end by now+timeout. It reports false
// when d is done and must be replaced.
func (d *acquireDeadline) arm(now int64, timeout time.Duration) bool {
	if d.ended.Load() {
		return false
	}
	deadline := now + int64(timeout)
	d.deadline.Store(deadline)
	d.armed.Store(true)
	if d.pending.Load() && d.fireAt.Load() <= deadline {
		// A timer already due by this deadline is left alone: fire
		// re-arms it for the rest of the wait.
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		d.armed.Store(false)
		return false
	}
	if !d.pending.Load() || deadline < d.fireAt.Load() {
		d.fireAt.Store(deadline)
		d.pending.Store(true)
		d.timer.Reset(timeout)
	}
	return true
}

// disarm ends the acquire. It reports whether d is still usable: false
// when it expired (or its parent ended) during the acquire.
func (d *acquireDeadline) disarm() bool {
	d.armed.Store(false)
	return !d.ended.Load()
}

// fire is the timer: expire the armed acquire whose deadline has passed,
// or wait on for a later deadline.
func (d *acquireDeadline) fire() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending.Store(false)
	if d.err != nil || !d.armed.Load() {
		return
	}
	dl := d.deadline.Load()
	if left := dl - monotime.Now(); left > 0 {
		d.fireAt.Store(dl)
		d.pending.Store(true)
		d.timer.Reset(time.Duration(left))
		return
	}
	d.finish(context.DeadlineExceeded)
}

func (d *acquireDeadline) parentDone() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err == nil {
		d.finish(d.parent.Err())
	}
}

// finish marks d done; d.mu is held.
func (d *acquireDeadline) finish(err error) {
	d.err = err
	d.ended.Store(true)
	close(d.done)
}

// release lets go of the parent and the timer when a worker drops d.
func (d *acquireDeadline) release() {
	d.stopParent()
	d.timer.Stop()
}

func (d *acquireDeadline) Deadline() (time.Time, bool) {
	return monotime.ToTime(d.deadline.Load()), true
}

func (d *acquireDeadline) Done() <-chan struct{} { return d.done }

func (d *acquireDeadline) Err() error {
	if !d.ended.Load() {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

func (d *acquireDeadline) Value(key any) any { return d.parent.Value(key) }

// workerDeadline returns the worker's acquireDeadline (kept in slot, its
// WorkerState.Local) armed for an acquire that starts at now, or nil when the
// acquire should wait on parent alone: parent's own deadline comes first,
// or parent is done (the acquire then fails at once).
func workerDeadline(slot *any, parent context.Context, now int64, timeout time.Duration) *acquireDeadline {
	if parent.Err() != nil { // an atomic load for the engine's contexts
		return nil
	}
	d, _ := (*slot).(*acquireDeadline)
	switch {
	case d == nil || d.parent != parent:
		// A parent the worker has not seen (its first acquire, or a
		// per-attempt context of the timeout policy): no deadline of ours
		// is needed when the parent's comes first.
		if dl, ok := parent.Deadline(); ok && time.Until(dl) <= timeout {
			return nil
		}
		d = replaceDeadline(slot, d, parent)
	case d.parentEnd-now <= int64(timeout):
		return nil
	}
	if d.arm(now, timeout) {
		return d
	}
	d = replaceDeadline(slot, d, parent)
	if !d.arm(now, timeout) { // parent ended just now
		return nil
	}
	return d
}

func replaceDeadline(slot *any, old *acquireDeadline, parent context.Context) *acquireDeadline {
	if old != nil {
		old.release()
	}
	d := newAcquireDeadline(parent)
	*slot = d
	return d
}
