package engine

import (
	"testing"
	"time"

	"github.com/stressql/stressql/internal/monotime"
)

// TestPreciseTimerNeverWakesEarly: the scheduler's last-stretch wait
// lasts at least what it was asked, on the timerfd and on the Go timer it
// falls back to. (How late it wakes is measured, not asserted: see
// bench/wakeup.)
func TestPreciseTimerNeverWakesEarly(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		p := newPreciseTimer()
		if fallback {
			p.close()
			p = &preciseTimer{timer: stoppedTimer()}
		}
		for _, d := range []time.Duration{time.Microsecond, 50 * time.Microsecond, 300 * time.Microsecond, 2 * time.Millisecond} {
			for range 20 {
				start := monotime.Now()
				p.wait(d)
				if got := time.Duration(monotime.Now() - start); got < d {
					t.Fatalf("fallback %v: wait(%v) returned after %v", fallback, d, got)
				}
			}
		}
		p.close()
	}
}

// TestPreciseTimerAllocatesNothing: a wait is on the open model's
// scheduling path.
func TestPreciseTimerAllocatesNothing(t *testing.T) {
	p := newPreciseTimer()
	defer p.close()
	if n := testing.AllocsPerRun(200, func() { p.wait(10 * time.Microsecond) }); n != 0 {
		t.Fatalf("wait allocates %v objects", n)
	}
}
