package wakeup

import (
	"runtime"
	"sort"
	"syscall"
	"time"
)

// A Sleeper waits about d.
type Sleeper interface {
	Sleep(d time.Duration)
}

// TimerSleeper waits on one reused time.Timer, as the engine's scheduler
// does.
type TimerSleeper struct{ t *time.Timer }

// NewTimerSleeper returns a TimerSleeper with a stopped timer.
func NewTimerSleeper() *TimerSleeper {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &TimerSleeper{t: t}
}

// Sleep waits d on the timer.
func (s *TimerSleeper) Sleep(d time.Duration) {
	s.t.Reset(d)
	<-s.t.C
}

// NanoSleeper waits with the nanosleep system call. Use it from a
// goroutine locked to its OS thread (see LockForNanosleep): the thread
// blocks, and the runtime hands its P to other goroutines meanwhile.
type NanoSleeper struct{}

// Sleep waits d with nanosleep(2).
func (NanoSleeper) Sleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	_ = syscall.Nanosleep(&ts, nil)
}

// prSetTimerSlack is PR_SET_TIMERSLACK of prctl(2).
const prSetTimerSlack = 29

// LockForNanosleep locks the calling goroutine to its thread for good and
// sets the thread's timer slack to 1 µs (the default, 50 µs, is added to
// every nanosleep). The goroutine must not unlock: when it exits still
// locked, the runtime ends the thread, so the changed slack never reaches
// other goroutines.
func LockForNanosleep() {
	runtime.LockOSThread()
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetTimerSlack, 1000, 0)
}

// Schedule dispatches n events at rate per second from start, the way an
// open-model scheduler does: sleep until the next one is due, then take
// every event already due (catch-up). It returns each event's lateness:
// when it was taken minus when it was due.
func Schedule(rate float64, n int, s Sleeper) []time.Duration {
	late := make([]time.Duration, 0, n)
	start := time.Now()
	due := func(i int) time.Time {
		return start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
	}
	for i := 0; i < n; {
		if d := time.Until(due(i)); d > 0 {
			s.Sleep(d)
		}
		now := time.Now()
		for ; i < n && !due(i).After(now); i++ {
			late = append(late, now.Sub(due(i)))
		}
	}
	return late
}

// Quantile returns the q-quantile (0..1) of ds, sorting ds.
func Quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := int(q * float64(len(ds)-1))
	return ds[i]
}
