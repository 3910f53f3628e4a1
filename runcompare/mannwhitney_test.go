package runcompare

import (
	"math"
	"testing"
)

// The expected values: the first is SciPy's documented example
// (scipy.stats.mannwhitneyu, method="asymptotic": p = 0.11134688653314041),
// the second R's wilcox.test(1:5, 6:10, exact = FALSE) (p = 0.01219); the
// tied ones were computed by hand from the same formula (ranks averaged
// over ties, variance n1·n2/12·((n+1) - Σ(t³-t)/(n(n-1))), continuity
// correction 1/2).
func TestMannWhitney(t *testing.T) {
	tests := []struct {
		name string
		a, b []float64
		u, p float64
	}{
		{"scipy docs example", []float64{20, 11, 17, 12}, []float64{19, 22, 16, 29, 24}, 17, 0.11134688653314041},
		{"separated", []float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10}, 25, 0.012185780355344818},
		{"separated the other way", []float64{6, 7, 8, 9, 10}, []float64{1, 2, 3, 4, 5}, 0, 0.012185780355344818},
		{"ties across the samples", []float64{1, 1, 2, 2, 3, 3}, []float64{2, 3, 3, 4, 4, 5}, 31, 0.03939327022985763},
		{"R depression data", []float64{1.15, 0.88, 0.90, 0.74, 1.21}, []float64{0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46}, 35, 0.24462360512698333},
		{"almost all tied", []float64{5, 5, 5, 5, 5}, []float64{5, 5, 5, 5, 6}, 15, 0.4237107971667934},
		{"all tied: no variance", []float64{2, 2, 2}, []float64{2, 2, 2}, 4.5, 1},
		{"identical samples", []float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 5}, 12.5, 1},
		{"empty side", nil, []float64{1, 2}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, p := MannWhitney(tt.a, tt.b)
			if u != tt.u || math.Abs(p-tt.p) > 1e-12 {
				t.Errorf("MannWhitney = U %v, p %.17g; want U %v, p %.17g", u, p, tt.u, tt.p)
			}
		})
	}
}
