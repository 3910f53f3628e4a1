package metrics

import (
	"math"
	"sort"
	"time"

	"github.com/stressql/stressql/results"
)

// Series is a sequence of sampled values with their times, appended in
// time order by one sampler goroutine. The zero value is empty and ready.
type Series struct {
	at []time.Time
	v  []float64
}

// Add appends a sample. NaN marks a sample that could not be taken and is
// skipped.
func (s *Series) Add(t time.Time, v float64) {
	if math.IsNaN(v) {
		return
	}
	s.at = append(s.at, t)
	s.v = append(s.v, v)
}

// Between returns the samples taken in [from, to), sharing s's storage:
// a phase's part of a scenario-long series.
func (s Series) Between(from, to time.Time) Series {
	i := sort.Search(len(s.at), func(i int) bool { return !s.at[i].Before(from) })
	j := sort.Search(len(s.at), func(i int) bool { return !s.at[i].Before(to) })
	if j < i {
		j = i
	}
	return Series{at: s.at[i:j:j], v: s.v[i:j:j]}
}

// Gauge summarizes the samples; Samples 0 means no data. Variance is the
// sample variance (n-1 in the denominator, as the seed suite's "connection
// variance"; 0 for a single sample) and Stddev its square root.
func (s Series) Gauge() results.Gauge {
	n := len(s.v)
	if n == 0 {
		return results.Gauge{}
	}
	g := results.Gauge{Samples: n, Min: s.v[0], Max: s.v[0], Last: s.v[n-1]}
	var sum float64
	for _, v := range s.v {
		g.Min = math.Min(g.Min, v)
		g.Max = math.Max(g.Max, v)
		sum += v
	}
	g.Mean = sum / float64(n)
	var sq float64
	for _, v := range s.v {
		d := v - g.Mean
		sq += d * d
	}
	if n > 1 {
		g.Variance = sq / float64(n-1)
		g.Stddev = math.Sqrt(g.Variance)
	}
	return g
}

// Growth summarizes the samples as min, max and growth (last - first);
// Samples 0 means no data.
func (s Series) Growth() results.Growth {
	n := len(s.v)
	if n == 0 {
		return results.Growth{}
	}
	g := results.Growth{Samples: n, Min: s.v[0], Max: s.v[0], Growth: s.v[n-1] - s.v[0]}
	for _, v := range s.v {
		g.Min = math.Min(g.Min, v)
		g.Max = math.Max(g.Max, v)
	}
	return g
}

// Append adds o's samples after s's (o must not be earlier): one series
// of several windows.
func (s *Series) Append(o Series) {
	s.at = append(s.at, o.at...)
	s.v = append(s.v, o.v...)
}
