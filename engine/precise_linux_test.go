//go:build linux

package engine

import "testing"

// TestPreciseTimerUsesTimerfd: on Linux the wait is the timerfd's, not
// the fallback's, and stays so after waits.
func TestPreciseTimerUsesTimerfd(t *testing.T) {
	p := newPreciseTimer()
	defer p.close()
	if p.f == nil {
		t.Fatal("timerfd_create failed: the scheduler would wake with Go timers' millisecond precision")
	}
	for range 10 {
		p.wait(1000)
	}
	if p.f == nil {
		t.Fatal("the timerfd was given up after a wait")
	}
}
