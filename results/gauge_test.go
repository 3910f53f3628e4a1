package results_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// TestPoolGauges: pooling two gauges gives the gauge of all their
// samples, the second's last.
func TestPoolGauges(t *testing.T) {
	t.Parallel()
	a := []float64{3, 1, 4, 1, 5}
	b := []float64{9, 2, 6}
	series := func(vs []float64) metrics.Series {
		var s metrics.Series
		for i, v := range vs {
			s.Add(time.Unix(0, int64(i)), v)
		}
		return s
	}
	got := results.PoolGauges(series(a).Gauge(), series(b).Gauge())
	want := series(append(slices.Clone(a), b...)).Gauge()
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	if got.Samples != want.Samples || got.Min != want.Min || got.Max != want.Max || got.Last != want.Last ||
		!near(got.Mean, want.Mean) || !near(got.Variance, want.Variance) || !near(got.Stddev, want.Stddev) {
		t.Errorf("pooled = %+v, want %+v", got, want)
	}
	if g := results.PoolGauges(results.Gauge{}, series(b).Gauge()); g != series(b).Gauge() {
		t.Errorf("pooled with no data = %+v", g)
	}
	if g := results.PoolGauges(series(a).Gauge(), results.Gauge{}); g != series(a).Gauge() {
		t.Errorf("pooled with no data = %+v", g)
	}
}
