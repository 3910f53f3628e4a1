package metrics

import (
	"math"
	"testing"
	"time"

	"github.com/stressql/stressql/results"
)

func TestSeries(t *testing.T) {
	t.Parallel()
	t0 := time.Now()
	for _, tc := range []struct {
		name       string
		values     []float64
		wantGauge  results.Gauge
		wantGrowth results.Growth
	}{
		{"no samples", nil, results.Gauge{}, results.Growth{}},
		{"only NaN", []float64{math.NaN()}, results.Gauge{}, results.Growth{}},
		{"one", []float64{4},
			results.Gauge{Samples: 1, Min: 4, Max: 4, Mean: 4, Last: 4},
			results.Growth{Samples: 1, Min: 4, Max: 4}},
		{"several", []float64{2, 4, math.NaN(), 4, 4, 5, 5, 7, 9},
			results.Gauge{Samples: 8, Min: 2, Max: 9, Mean: 5, Last: 9, Stddev: math.Sqrt(32.0 / 7), Variance: 32.0 / 7},
			results.Growth{Samples: 8, Min: 2, Max: 9, Growth: 7}},
		{"shrinking", []float64{10, 3, 6},
			results.Gauge{Samples: 3, Min: 3, Max: 10, Mean: 19.0 / 3, Last: 6, Stddev: math.Sqrt(111.0 / 9), Variance: 111.0 / 9},
			results.Growth{Samples: 3, Min: 3, Max: 10, Growth: -4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var s Series
			for i, v := range tc.values {
				s.Add(t0.Add(time.Duration(i)*time.Second), v)
			}
			if g := s.Gauge(); !gaugeClose(g, tc.wantGauge) {
				t.Errorf("Gauge() = %+v, want %+v", g, tc.wantGauge)
			}
			if g := s.Growth(); g != tc.wantGrowth {
				t.Errorf("Growth() = %+v, want %+v", g, tc.wantGrowth)
			}
		})
	}
}

func gaugeClose(a, b results.Gauge) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	return a.Samples == b.Samples && near(a.Min, b.Min) && near(a.Max, b.Max) &&
		near(a.Mean, b.Mean) && near(a.Last, b.Last) && near(a.Stddev, b.Stddev) &&
		near(a.Variance, b.Variance)
}

func TestSeriesBetween(t *testing.T) {
	t.Parallel()
	t0 := time.Now()
	var s Series
	for i := range 10 {
		s.Add(t0.Add(time.Duration(i)*time.Second), float64(i))
	}
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     results.Growth
	}{
		{"middle", at(3), at(6), results.Growth{Samples: 3, Min: 3, Max: 5, Growth: 2}},
		{"everything", at(-1), at(100), results.Growth{Samples: 10, Min: 0, Max: 9, Growth: 9}},
		{"empty window", at(20), at(30), results.Growth{}},
		{"reversed", at(6), at(3), results.Growth{}},
	} {
		sub := s.Between(tc.from, tc.to)
		if got := sub.Growth(); got != tc.want {
			t.Errorf("%s: Growth() = %+v, want %+v", tc.name, got, tc.want)
		}
	}
	// A window is a view: adding to it must not overwrite s.
	sub := s.Between(at(0), at(2))
	sub.Add(at(2), 100)
	if g := s.Gauge(); g.Max != 9 || g.Samples != 10 {
		t.Errorf("Between's result shares appends with s: %+v", g)
	}
}
