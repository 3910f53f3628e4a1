package compiler

import (
	"math"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/loadpattern"
)

// expect sets a load's ExpectedIterations and ExpectedDuration (which
// does not include StartAfter).
//
//   - burst: Iterations; the duration is known only when every step is
//     sleep or a timed step of the driver (hold): ceil(iterations ÷ c)
//     rounds of the sum of their durations, where c is workers, or
//     min(workers, the pool's size) when a step holds a pooled connection. Otherwise it is 0 (unknown).
//   - constant_workers: Duration; iterations unknown (0).
//   - constant_rate: Duration, and ceil(rate × duration) iterations.
//   - ramping_rate: the sum of the stage durations, and ceil(area under
//     the rate) iterations, as the engine's schedule holds them.
func expect(l *Load, pool *Pool) {
	if c, ok := patternCompilers[l.Pattern]; ok {
		c.expect(l, pool)
	}
}

func expectBurst(l *Load, pool *Pool) {
	l.ExpectedIterations = l.Iterations
	l.ExpectedDuration = burstDuration(l, pool)
}

func expectConstantWorkers(l *Load, _ *Pool) {
	l.ExpectedDuration = l.Duration
}

func expectConstantRate(l *Load, _ *Pool) {
	l.ExpectedIterations = loadpattern.IterationsIn(l.Rate * l.Duration.Seconds())
	l.ExpectedDuration = l.Duration
}

func expectRampingRate(l *Load, _ *Pool) {
	var area float64
	prev := l.StartRate
	for _, s := range l.Stages {
		area += (prev + s.Rate) / 2 * s.Duration.Seconds()
		l.ExpectedDuration += s.Duration
		prev = s.Rate
	}
	l.ExpectedIterations = loadpattern.IterationsIn(area)
}

// burstDuration estimates a burst load made only of sleep and hold steps;
// 0 when it has other steps.
func burstDuration(l *Load, pool *Pool) time.Duration {
	var per time.Duration
	holds := false
	for _, st := range l.Steps {
		if st.Kind != dsl.StepSleep {
			var k *drivers.StepKind
			if pool != nil && pool.Desc != nil {
				k = pool.Desc.Step(st.Kind)
			}
			if k == nil || !k.Timed {
				return 0
			}
			holds = holds || k.HoldsConn
		}
		per += st.Duration
	}
	c := l.Workers
	if n, enabled := pool.MaxConns(); holds && enabled {
		c = min(c, n)
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
