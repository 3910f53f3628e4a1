package dsl

import (
	"fmt"
	"strings"
)

// suggestion returns the option closest to name by edit distance, or ""
// when none is close enough to be a likely typo. Failing that, a name of
// at least 3 bytes that begins exactly one option (reuse for reuse_ratio,
// a name cut short) suggests that option.
func suggestion(name string, options []string) string {
	best, bestDist := "", -1
	limit := max(2, len(name)/3)
	if len(name) <= 3 {
		limit = 1
	}
	lower := strings.ToLower(name)
	for _, o := range options {
		d := editDistance(lower, strings.ToLower(o))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = o, d
		}
	}
	if best != "" || len(name) < 3 {
		return best
	}
	for _, o := range options {
		if strings.HasPrefix(strings.ToLower(o), lower) {
			if best != "" && !strings.EqualFold(best, o) {
				return "" // ambiguous: p9 could be p90, p95 or p99
			}
			best = o
		}
	}
	return best
}

// didYouMean is " Did you mean "x"?" for the closest option, or "".
func didYouMean(name string, options []string) string {
	if s := suggestion(name, options); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// quoteList renders options as "a", "b" or "c".
func quoteList(options []string) string { return joinQuoted(options, "or") }

// quoteAll renders names as "a", "b" and "c".
func quoteAll(names []string) string { return joinQuoted(names, "and") }

func joinQuoted(options []string, conj string) string {
	q := make([]string, len(options))
	for i, o := range options {
		q[i] = fmt.Sprintf("%q", o)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}
