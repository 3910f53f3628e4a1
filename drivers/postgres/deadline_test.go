package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/monotime"
)

type ctxKey struct{}

func TestAcquireDeadlineExpires(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	defer cancel()
	d := newAcquireDeadline(parent)
	defer d.release()
	start := time.Now()
	if !d.arm(monotime.Now(), 30*time.Millisecond) {
		t.Fatal("a new deadline cannot be armed")
	}
	if dl, ok := d.Deadline(); !ok || dl.Sub(start) < 30*time.Millisecond || dl.Sub(start) > 40*time.Millisecond {
		t.Fatalf("Deadline() = %v, %v; want start+30ms", dl.Sub(start), ok)
	}
	select {
	case <-d.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("armed deadline never expired")
	}
	if waited := time.Since(start); waited < 30*time.Millisecond {
		t.Fatalf("expired after %v, before its deadline", waited)
	}
	if !errors.Is(d.Err(), context.DeadlineExceeded) {
		t.Fatalf("Err() = %v, want deadline exceeded", d.Err())
	}
	if d.disarm() {
		t.Fatal("disarm after expiry reports the deadline reusable")
	}
	if d.arm(monotime.Now(), time.Second) {
		t.Fatal("an expired deadline was armed again")
	}
	if got := d.Value(ctxKey{}); got != "v" {
		t.Fatalf("Value = %v, want the parent's", got)
	}
}

// TestAcquireDeadlineRearm re-arms the deadline many times, each acquire
// ending before its deadline: the lazy timer (scheduled for the first
// deadline) must neither expire a later acquire early nor miss the last
// one's deadline.
func TestAcquireDeadlineRearm(t *testing.T) {
	d := newAcquireDeadline(context.Background())
	defer d.release()
	const timeout = 40 * time.Millisecond
	end := time.Now().Add(3 * timeout)
	for time.Now().Before(end) {
		if !d.arm(monotime.Now(), timeout) {
			t.Fatal("deadline expired while every acquire ended in time")
		}
		time.Sleep(time.Millisecond)
		if !d.disarm() {
			t.Fatal("deadline expired during a 1ms acquire")
		}
	}
	last := time.Now()
	d.arm(monotime.Now(), timeout)
	select {
	case <-d.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the last acquire never expired")
	}
	if waited := time.Since(last); waited < timeout || waited > timeout+time.Second {
		t.Fatalf("last acquire expired after %v, want %v", waited, timeout)
	}
}

// TestAcquireDeadlineOutlivesTimer: an acquire armed while the timer is
// already due for an earlier deadline still expires at its own deadline,
// when the timer fires first and must wait on.
func TestAcquireDeadlineOutlivesTimer(t *testing.T) {
	d := newAcquireDeadline(context.Background())
	defer d.release()
	const timeout = 60 * time.Millisecond
	d.arm(monotime.Now(), timeout) // timer due in 60ms
	d.disarm()
	time.Sleep(timeout / 2)
	second := time.Now()
	d.arm(monotime.Now(), timeout) // due at +90ms; the timer fires at +60ms first
	select {
	case <-d.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("an acquire armed behind a due timer never expired")
	}
	if waited := time.Since(second); waited < timeout {
		t.Fatalf("expired after %v, before its own deadline (%v)", waited, timeout)
	}
}

func TestAcquireDeadlineDisarmed(t *testing.T) {
	d := newAcquireDeadline(context.Background())
	defer d.release()
	d.arm(monotime.Now(), 10*time.Millisecond)
	if !d.disarm() {
		t.Fatal("disarmed at once, yet done")
	}
	time.Sleep(50 * time.Millisecond)
	if d.Err() != nil {
		t.Fatalf("a disarmed deadline expired: %v", d.Err())
	}
	select {
	case <-d.Done():
		t.Fatal("Done closed without an armed acquire")
	default:
	}
}

func TestAcquireDeadlineParentCancel(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	d := newAcquireDeadline(parent)
	defer d.release()
	d.arm(monotime.Now(), time.Hour)
	cancel()
	select {
	case <-d.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("parent cancel did not end the acquire")
	}
	if !errors.Is(d.Err(), context.Canceled) {
		t.Fatalf("Err() = %v, want canceled", d.Err())
	}
}

func TestWorkerDeadline(t *testing.T) {
	var slot any
	p1, cancel1 := context.WithCancel(context.Background())
	now := monotime.Now()

	d := workerDeadline(&slot, p1, now, time.Second)
	if d == nil || slot != any(d) {
		t.Fatal("first acquire got no deadline in the worker's slot")
	}
	d.disarm()
	if again := workerDeadline(&slot, p1, now, time.Second); again != d {
		t.Fatal("same parent: the deadline was not reused")
	}
	d.disarm()

	p2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	other := workerDeadline(&slot, p2, now, time.Second)
	if other == d || other.parent != p2 {
		t.Fatal("another parent: the deadline was not replaced")
	}
	other.disarm()
	cancel1()
	select {
	case <-d.Done():
		t.Fatal("a replaced deadline still follows its old parent")
	case <-time.After(20 * time.Millisecond):
	}

	cancel2()
	if got := workerDeadline(&slot, p2, now, time.Second); got != nil {
		t.Fatal("a done parent got a deadline; the acquire should fail on the parent")
	}

	soon, cancel3 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel3()
	before := slot
	if got := workerDeadline(&slot, soon, monotime.Now(), time.Second); got != nil {
		t.Fatal("the parent's deadline comes first, yet the acquire got its own")
	}
	if slot != before {
		t.Fatal("a parent whose deadline comes first replaced the worker's deadline")
	}
	if got := workerDeadline(&slot, soon, monotime.Now(), 100*time.Millisecond); got == nil {
		t.Fatal("acquire_timeout comes first, yet the acquire got no deadline")
	}
}

// TestAcquireDeadlineRace arms and disarms while the timer fires at the
// deadlines (go test -race).
func TestAcquireDeadlineRace(t *testing.T) {
	var slot any
	for i := range 2000 {
		timeout := time.Duration(i%50) * time.Microsecond
		d := workerDeadline(&slot, context.Background(), monotime.Now(), timeout+time.Microsecond)
		select {
		case <-d.Done():
		default:
		}
		time.Sleep(timeout)
		if !d.disarm() {
			d.release()
			slot = nil
		}
	}
}
