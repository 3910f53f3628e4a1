package engine

import (
	"math"
	"sort"
	"time"

	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
)

// A pacer is the schedule of an open-model load: how many iterations it
// holds and when each is due, as an offset from the load's start. It is a
// pure function of its parameters; the scheduler adds the clock.
//
// Iteration n is due when the integral of the rate reaches n, so the first
// one starts at 0 and the load holds every n whose time falls inside the
// duration: ceil(area) iterations, where area is rate × duration for
// constant_rate and the area under the ramps for ramping_rate.
type pacer interface {
	count() int64
	offset(n int64) time.Duration
}

// constantPacer starts iterations every 1/rate seconds.
type constantPacer struct {
	rate float64 // per second, > 0
	n    int64
}

func newConstantPacer(rate float64, d time.Duration) constantPacer {
	if rate <= 0 {
		return constantPacer{rate: 1}
	}
	return constantPacer{rate: rate, n: loadpattern.IterationsIn(rate * d.Seconds())}
}

func (p constantPacer) count() int64 { return p.n }

func (p constantPacer) offset(n int64) time.Duration {
	return time.Duration(float64(n) * float64(time.Second) / p.rate)
}

// ramp is one stage of a ramping_rate load: the rate moves linearly from
// r0 to r1 over dur, starting at offset at, with n0 iterations due before.
type ramp struct {
	at, dur time.Duration
	r0, r1  float64
	n0, n1  float64 // cumulative iterations due at the start and the end
}

// rampingPacer follows linear ramps between stage rates.
type rampingPacer struct {
	ramps []ramp
	n     int64
}

func newRampingPacer(start float64, stages []plan.Stage) rampingPacer {
	p := rampingPacer{ramps: make([]ramp, 0, len(stages))}
	var at time.Duration
	var n float64
	r0 := math.Max(start, 0)
	for _, s := range stages {
		r1 := math.Max(s.Rate, 0)
		area := (r0 + r1) / 2 * s.Duration.Seconds()
		p.ramps = append(p.ramps, ramp{at: at, dur: s.Duration, r0: r0, r1: r1, n0: n, n1: n + area})
		at += s.Duration
		n += area
		r0 = r1
	}
	p.n = loadpattern.IterationsIn(n)
	return p
}

func (p rampingPacer) count() int64 { return p.n }

// offset inverts the integral of the rate: within a ramp, the iterations
// due t seconds in are m(t) = r0·t + (r1−r0)/(2·dur)·t², solved for t.
func (p rampingPacer) offset(n int64) time.Duration {
	x := float64(n)
	i := sort.Search(len(p.ramps), func(i int) bool { return p.ramps[i].n1 > x })
	if i == len(p.ramps) {
		if len(p.ramps) == 0 {
			return 0
		}
		last := p.ramps[len(p.ramps)-1]
		return last.at + last.dur
	}
	r := p.ramps[i]
	return r.at + seconds(solveRamp(r.r0, r.r1, r.dur.Seconds(), x-r.n0))
}

// solveRamp returns t in [0, d] with r0·t + (r1−r0)/(2d)·t² = m, using the
// form of the quadratic root that stays exact when r1 ≈ r0.
func solveRamp(r0, r1, d, m float64) float64 {
	if m <= 0 {
		return 0
	}
	a := (r1 - r0) / (2 * d)
	disc := r0*r0 + 4*a*m
	if disc < 0 {
		disc = 0 // m beyond the ramp's area by float noise
	}
	den := r0 + math.Sqrt(disc)
	if den <= 0 {
		return d
	}
	return math.Min(2*m/den, d)
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// segmentPacer is one shard's part of a schedule (plan.Segment): its
// iteration k is iteration k·count + index of the whole schedule, at the
// same offset, so the shards' schedules merged are the unsharded one,
// instant for instant.
type segmentPacer struct {
	whole         pacer
	index, shards int64
	n             int64
}

func newSegmentPacer(whole pacer, sg *plan.Segment) segmentPacer {
	p := segmentPacer{whole: whole, index: sg.Index, shards: max(sg.Count, 1)}
	if t := whole.count(); t > p.index {
		p.n = (t - p.index + p.shards - 1) / p.shards
	}
	return p
}

func (p segmentPacer) count() int64 { return p.n }

func (p segmentPacer) offset(n int64) time.Duration {
	return p.whole.offset(n*p.shards + p.index)
}
