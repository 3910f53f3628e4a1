package wakeup

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		s    Sleeper
	}{
		{"timer", NewTimerSleeper()},
		{"nanosleep", NanoSleeper{}},
	} {
		// 200 events at 2000/s: 100 ms, every event taken once, never
		// early, and the whole schedule not much longer than planned.
		start := time.Now()
		late := Schedule(2000, 200, tc.s)
		took := time.Since(start)
		if len(late) != 200 {
			t.Errorf("%s: %d events, want 200", tc.name, len(late))
		}
		for i, l := range late {
			if l < 0 {
				t.Fatalf("%s: event %d taken %s early", tc.name, i, -l)
			}
		}
		if took < 99*time.Millisecond || took > 5*time.Second {
			t.Errorf("%s: schedule of 100 ms took %s", tc.name, took)
		}
	}
}

func TestQuantile(t *testing.T) {
	t.Parallel()
	ds := []time.Duration{5, 1, 4, 2, 3}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0, 1}, {0.5, 3}, {1, 5}} {
		if got := Quantile(ds, tc.q); got != tc.want {
			t.Errorf("Quantile(%v) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if Quantile(nil, 0.5) != 0 {
		t.Error("empty quantile")
	}
}

// benchSchedule runs b.N events at rate and reports the lateness
// percentiles and the CPU the schedule burned (share of one core).
func benchSchedule(b *testing.B, rate float64, s Sleeper) {
	cpu0 := cpuTime()
	start := time.Now()
	b.ResetTimer()
	late := Schedule(rate, b.N, s)
	b.StopTimer()
	wall := time.Since(start)
	b.ReportMetric(float64(Quantile(late, 0.5))/1e3, "p50-late-µs")
	b.ReportMetric(float64(Quantile(late, 0.99))/1e3, "p99-late-µs")
	b.ReportMetric(100*float64(cpuTime()-cpu0)/float64(wall), "cpu-%")
}

// BenchmarkTimer is the engine's way: a reused time.Timer.
func BenchmarkTimer(b *testing.B) {
	for _, rate := range []float64{1000, 10000, 50000} {
		b.Run(fmt.Sprint(rate), func(b *testing.B) { benchSchedule(b, rate, NewTimerSleeper()) })
	}
}

// BenchmarkNanosleep is the proposed way: nanosleep on a locked thread
// with a 1 µs timer slack.
func BenchmarkNanosleep(b *testing.B) {
	for _, rate := range []float64{1000, 10000, 50000} {
		b.Run(fmt.Sprint(rate), func(b *testing.B) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				LockForNanosleep()
				benchSchedule(b, rate, NanoSleeper{})
			}()
			<-done
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTimerfd waits on a timerfd through the network poller.
func BenchmarkTimerfd(b *testing.B) {
	for _, rate := range []float64{1000, 10000, 50000} {
		b.Run(fmt.Sprint(rate), func(b *testing.B) {
			s, err := NewTimerfdSleeper()
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchSchedule(b, rate, s)
		})
	}
}

// BenchmarkKickedTimer waits on a Go timer, with a timerfd for the same
// instant to end an idle runtime's millisecond epoll_wait.
func BenchmarkKickedTimer(b *testing.B) {
	for _, rate := range []float64{1000, 10000, 50000} {
		b.Run(fmt.Sprint(rate), func(b *testing.B) {
			s, err := NewKickedTimerSleeper()
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchSchedule(b, rate, s)
		})
	}
}
