package runcompare

import (
	"math"
	"sort"
)

// MannWhitney is the two-sided Mann–Whitney U test of samples a and b
// (no assumption about their distributions). U is b's statistic: the
// number of pairs (x from a, y from b) with y > x, ties counting one
// half; it is above len(a)·len(b)/2 when b tends to be larger. P is the
// two-sided p-value of the normal approximation with the tie correction
// of the variance and a continuity correction of 1/2 (as R's wilcox.test
// with exact = FALSE and SciPy's mannwhitneyu with method="asymptotic").
// With an empty side, or when every value is the same (no variance), P is
// 1: there is no evidence of a difference.
func MannWhitney(a, b []float64) (u, p float64) {
	n1, n2 := float64(len(a)), float64(len(b))
	if len(a) == 0 || len(b) == 0 {
		return 0, 1
	}
	type obs struct {
		v    float64
		inB  bool
		rank float64
	}
	all := make([]obs, 0, len(a)+len(b))
	for _, v := range a {
		all = append(all, obs{v: v})
	}
	for _, v := range b {
		all = append(all, obs{v: v, inB: true})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v < all[j].v })
	// Ranks from 1, ties get the mean of the ranks they span; tieSum is
	// Σ(t³ - t) over the groups of t tied values.
	var tieSum float64
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		mean := float64(i+j+1) / 2 // ranks i+1 .. j
		for k := i; k < j; k++ {
			all[k].rank = mean
		}
		t := float64(j - i)
		tieSum += t*t*t - t
		i = j
	}
	var rankB float64
	for _, o := range all {
		if o.inB {
			rankB += o.rank
		}
	}
	u = rankB - n2*(n2+1)/2
	n := n1 + n2
	mu := n1 * n2 / 2
	variance := n1 * n2 / 12 * ((n + 1) - tieSum/(n*(n-1)))
	if variance <= 0 {
		return u, 1
	}
	d := math.Abs(u - mu)
	d = math.Max(d-0.5, 0) // continuity correction
	z := d / math.Sqrt(variance)
	p = math.Erfc(z / math.Sqrt2) // 2·(1 - Φ(z))
	return u, math.Min(p, 1)
}
