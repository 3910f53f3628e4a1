package interp

import (
	"math"
	"time"

	"github.com/stressql/stressql/dsl"
)

// expect sets a load's ExpectedIterations and ExpectedDuration (which
// does not include StartAfter).
//
//   - burst: Iterations; the duration is known only when every step is
//     sleep or hold: ceil(iterations ÷ c) rounds of the sum of their
//     durations, where c is workers, or min(workers, max_conns) when a step
//     holds a pooled connection. Otherwise it is 0 (unknown).
//   - constant_workers: Duration; iterations unknown (0).
//   - constant_rate: Duration, and ceil(rate × duration) iterations.
//   - ramping_rate: the sum of the stage durations, and ceil(area under
//     the rate) iterations, as the engine's schedule holds them.
func expect(l *Load, pool *Pool) {
	switch l.Pattern {
	case Burst:
		l.ExpectedIterations = l.Iterations
		l.ExpectedDuration = burstDuration(l, pool)
	case ConstantWorkers:
		l.ExpectedDuration = l.Duration
	case ConstantRate:
		l.ExpectedIterations = IterationsIn(l.Rate * l.Duration.Seconds())
		l.ExpectedDuration = l.Duration
	case RampingRate:
		var area float64
		prev := l.StartRate
		for _, s := range l.Stages {
			area += (prev + s.Rate) / 2 * s.Duration.Seconds()
			l.ExpectedDuration += s.Duration
			prev = s.Rate
		}
		l.ExpectedIterations = IterationsIn(area)
	}
}

// burstDuration estimates a burst load made only of sleep and hold steps;
// 0 when it has other steps.
func burstDuration(l *Load, pool *Pool) time.Duration {
	var per time.Duration
	holds := false
	for _, st := range l.Steps {
		switch st.Kind {
		case dsl.StepSleep:
		case dsl.StepHold:
			holds = true
		default:
			return 0
		}
		per += st.Duration
	}
	c := l.Workers
	if holds && pool != nil && pool.Postgres != nil && pool.Postgres.Enabled {
		c = min(c, int64(pool.Postgres.MaxConns))
	}
	if c <= 0 || per <= 0 {
		return 0
	}
	rounds := (l.Iterations + c - 1) / c
	if rounds > int64(math.MaxInt64/per) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(rounds) * per
}
