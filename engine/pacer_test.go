package engine

import (
	"testing"
	"time"

	"github.com/stressql/stressql/plan"
)

func TestConstantPacer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		rate      float64
		d         time.Duration
		wantCount int64
		// offsets of some iterations
		at map[int64]time.Duration
	}{
		// The brief's example: 500/s for 2s is exactly 1000, every 2ms.
		{"500 per second for 2s", 500, 2 * time.Second, 1000,
			map[int64]time.Duration{0: 0, 1: 2 * time.Millisecond, 999: 1998 * time.Millisecond}},
		// A fractional area rounds up: the 4th iteration is due at 1.5s < 1.6s.
		{"fractional area", 2.5, 1600 * time.Millisecond, 4,
			map[int64]time.Duration{3: 1200 * time.Millisecond}},
		// An area that float noise would push past a whole number.
		{"float noise", 0.1, 30 * time.Second, 3, map[int64]time.Duration{2: 20 * time.Second}},
		// Less than one iteration's worth still starts one at 0.
		{"under one", 1, 100 * time.Millisecond, 1, map[int64]time.Duration{0: 0}},
		// No duration, no iterations.
		{"zero duration", 100, 0, 0, nil},
		// A non-positive rate schedules nothing.
		{"zero rate", 0, time.Second, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newConstantPacer(tc.rate, tc.d)
			if got := p.count(); got != tc.wantCount {
				t.Fatalf("count() = %d, want %d", got, tc.wantCount)
			}
			for n, want := range tc.at {
				if got := p.offset(n); !near(got, want) {
					t.Errorf("offset(%d) = %v, want %v", n, got, want)
				}
			}
			checkSchedule(t, p, tc.d)
		})
	}
}

func TestRampingPacer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		start     float64
		stages    []plan.Stage
		wantCount int64
		at        map[int64]time.Duration
	}{
		// 0 -> 10/s over 1s: area 5; m(t) = 5t², so iteration 1 at sqrt(1/5)s.
		{"ramp up from zero", 0, []plan.Stage{{Rate: 10, Duration: time.Second}}, 5,
			map[int64]time.Duration{0: 0, 1: 447213595 * time.Nanosecond, 4: 894427191 * time.Nanosecond}},
		// 10 -> 0/s over 1s: area 5; m(t) = 10t - 5t², iteration 4 at 1-sqrt(0.2)s.
		{"ramp down to zero", 10, []plan.Stage{{Rate: 0, Duration: time.Second}}, 5,
			map[int64]time.Duration{1: 105572809 * time.Nanosecond, 4: 552786405 * time.Nanosecond}},
		// A flat stage is a constant rate: 100/s for 2s.
		{"flat", 100, []plan.Stage{{Rate: 100, Duration: 2 * time.Second}}, 200,
			map[int64]time.Duration{1: 10 * time.Millisecond, 199: 1990 * time.Millisecond}},
		// Up then hold: 0->200 over 1s (100) + 200 for 0.5s (100) = 200.
		{"up then hold", 0, []plan.Stage{{Rate: 200, Duration: time.Second}, {Rate: 200, Duration: 500 * time.Millisecond}}, 200,
			map[int64]time.Duration{100: time.Second, 150: 1250 * time.Millisecond}},
		// A zero-rate stage in the middle is a pause: nothing is due in it.
		{"pause", 10, []plan.Stage{{Rate: 10, Duration: time.Second}, {Rate: 0, Duration: 0}, {Rate: 0, Duration: time.Second}, {Rate: 10, Duration: 0}, {Rate: 10, Duration: time.Second}}, 20,
			map[int64]time.Duration{9: 900 * time.Millisecond, 10: 2 * time.Second, 19: 2900 * time.Millisecond}},
		// No stages, nothing to do.
		{"no stages", 50, nil, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newRampingPacer(tc.start, tc.stages)
			if got := p.count(); got != tc.wantCount {
				t.Fatalf("count() = %d, want %d", got, tc.wantCount)
			}
			for n, want := range tc.at {
				if got := p.offset(n); !near(got, want) {
					t.Errorf("offset(%d) = %v, want %v", n, got, want)
				}
			}
			var total time.Duration
			for _, s := range tc.stages {
				total += s.Duration
			}
			checkSchedule(t, p, total)
		})
	}
}

// TestRampingMatchesConstant: a ramp between equal rates is the constant
// schedule, iteration by iteration.
func TestRampingMatchesConstant(t *testing.T) {
	t.Parallel()
	for _, rate := range []float64{1, 7.5, 333, 5000} {
		c := newConstantPacer(rate, 3*time.Second)
		r := newRampingPacer(rate, []plan.Stage{{Rate: rate, Duration: 3 * time.Second}})
		if c.count() != r.count() {
			t.Fatalf("rate %v: counts %d and %d differ", rate, c.count(), r.count())
		}
		for n := range c.count() {
			if !near(c.offset(n), r.offset(n)) {
				t.Fatalf("rate %v: offset(%d) = %v constant, %v ramping", rate, n, c.offset(n), r.offset(n))
			}
		}
	}
}

// checkSchedule is the property every schedule has: offsets start at 0,
// never go down, and all fall inside the duration.
func checkSchedule(t *testing.T, p pacer, d time.Duration) {
	t.Helper()
	prev := time.Duration(-1)
	for n := range p.count() {
		off := p.offset(n)
		if n == 0 && off != 0 {
			t.Errorf("offset(0) = %v, want 0", off)
		}
		if off < prev {
			t.Fatalf("offset(%d) = %v before offset(%d) = %v", n, off, n-1, prev)
		}
		if off >= d {
			t.Fatalf("offset(%d) = %v, not inside the duration %v", n, off, d)
		}
		prev = off
	}
}

// near allows the float rounding of a nanosecond or two.
func near(a, b time.Duration) bool {
	d := a - b
	return d >= -2 && d <= 2
}

// BenchmarkPacer is the schedule's cost per iteration: the scheduler asks
// for one offset per dispatch.
func BenchmarkPacer(b *testing.B) {
	for _, tc := range []struct {
		name string
		p    pacer
	}{
		{"constant", newConstantPacer(10000, time.Minute)},
		{"ramping", newRampingPacer(0, []plan.Stage{
			{Rate: 1000, Duration: 20 * time.Second}, {Rate: 1000, Duration: 20 * time.Second}, {Rate: 10000, Duration: 20 * time.Second}})},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			n, count := int64(0), tc.p.count()
			var sink time.Duration
			for b.Loop() {
				sink += tc.p.offset(n)
				if n++; n == count {
					n = 0
				}
			}
			_ = sink
		})
	}
}

// The shards' schedules, merged, are the unsharded schedule: every
// iteration once, at its own offset.
func TestSegmentPacerPartitions(t *testing.T) {
	wholes := map[string]pacer{
		"constant 1000/s 4s":      newConstantPacer(1000, 4*time.Second),
		"constant 1000/s 1.0015s": newConstantPacer(1000, 1001500*time.Microsecond),
		"ramp":                    newRampingPacer(10, []plan.Stage{{Rate: 500, Duration: 2 * time.Second}, {Rate: 3, Duration: time.Second}}),
	}
	for name, whole := range wholes {
		for _, n := range []int64{1, 2, 3, 7} {
			seen := map[time.Duration]int{}
			var total int64
			for i := range n {
				p := newSegmentPacer(whole, &plan.Segment{Index: i, Count: n})
				total += p.count()
				for k := range p.count() {
					seen[p.offset(k)]++
					if k > 0 && p.offset(k) < p.offset(k-1) {
						t.Fatalf("%s over %d: shard %d goes back in time at %d", name, n, i, k)
					}
				}
			}
			if total != whole.count() {
				t.Errorf("%s over %d shards: %d iterations, want %d", name, n, total, whole.count())
			}
			for k := range whole.count() {
				seen[whole.offset(k)]--
			}
			for off, c := range seen {
				if c != 0 {
					t.Errorf("%s over %d shards: offset %s off by %d", name, n, off, c)
				}
			}
		}
	}
}
