package main

import (
	"fmt"
	"sort"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// sample is one contender's run of a throughput measurement.
type sample struct {
	OK, Failed int64
	Elapsed    time.Duration
	Throughput float64 // successful ops per second
	// P50 and P99 are latencies in ms; 0 when the contender does not
	// report them (pgbench reports only an average).
	P50, P99 float64
	// CPU is the contender's whole CPU time (user + system), process
	// start-up included for child processes.
	CPU time.Duration
}

// cpuPerOp is CPU µs per operation, 0 when unknown.
func (s sample) cpuPerOp() float64 {
	n := s.OK + s.Failed
	if s.CPU <= 0 || n == 0 {
		return 0
	}
	return float64(s.CPU) / float64(time.Microsecond) / float64(n)
}

// describe renders the raw numbers of s for a row's notes.
func (s sample) describe() string {
	out := fmt.Sprintf("%d ok", s.OK)
	if s.Failed > 0 {
		out += fmt.Sprintf(", %d failed", s.Failed)
	}
	if s.Elapsed > 0 {
		out += fmt.Sprintf(" in %.2fs", s.Elapsed.Seconds())
	}
	if s.P50 > 0 || s.P99 > 0 {
		out += fmt.Sprintf(", p50 %.3f ms, p99 %.3f ms", s.P50, s.P99)
	}
	if c := s.cpuPerOp(); c > 0 {
		out += fmt.Sprintf(", CPU %.2f µs/op", c)
	}
	return out
}

// fromHistogram fills the percentiles from a histogram in µs.
func (s *sample) fromHistogram(h *hdrhistogram.Histogram) {
	if h.TotalCount() == 0 {
		return
	}
	s.P50 = float64(h.ValueAtQuantile(50)) / 1000
	s.P99 = float64(h.ValueAtQuantile(99)) / 1000
}

// median returns the sample with the median throughput (the lower middle
// one for an even count); ok is false when there is none.
func median(ss []sample) (sample, bool) {
	if len(ss) == 0 {
		return sample{}, false
	}
	sorted := append([]sample(nil), ss...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Throughput < sorted[j].Throughput })
	return sorted[(len(sorted)-1)/2], true
}
