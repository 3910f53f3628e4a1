package plandiff

import "testing"

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		old, new string
		want     Class
	}{
		// A bound that moves.
		{"latency.p95 < 50", "latency.p95 < 100", Loosened},
		{"latency.p95 < 100", "latency.p95 < 50", Tightened},
		{"throughput > 150", "throughput > 100", Loosened},
		{"throughput > 100", "throughput > 150", Tightened},
		{"latency.p95 <= 50", "latency.p95 <= 60", Loosened},
		{"ops.ok >= 10", "ops.ok >= 5", Loosened},
		// The number on the left.
		{"50 > latency.p95", "100 > latency.p95", Loosened},
		{"150 < throughput", "latency.p95 < 1 && 100 < throughput", Changed},
		{"150 < throughput", "throughput > 150", Same},
		// Inclusive against exclusive, the same bound.
		{"latency.p95 < 50", "latency.p95 <= 50", Loosened},
		{"latency.p95 <= 50", "latency.p95 < 50", Tightened},
		{"throughput > 100", "throughput >= 100", Loosened},
		{"throughput >= 100", "throughput > 100", Tightened},
		// Clauses dropped and added.
		{"latency.p95 < 50 && error_rate < 0.01", "latency.p95 < 50", Loosened},
		{"latency.p95 < 50", "latency.p95 < 50 && error_rate < 0.01", Tightened},
		{"a.b < 1 && c.d > 2 && e.f == 3", "c.d > 2", Loosened},
		{"ops.failed == 0", "ops.failed == 0 && fallbacks > 0", Tightened},
		{"ops.failed == 0 && fallbacks > 0", "fallbacks > 0", Loosened},
		// A clause that is not a bound, as text.
		{"ops.ok == ops.total && latency.p95 < 50", "latency.p95 < 50", Loosened},
		{"latency.p95 < 50", "ops.ok == ops.total && latency.p95 < 50", Tightened},
		// == relaxed to a range, and narrowed back.
		{"pool.total_conns.max == 10", "pool.total_conns.max >= 8 && pool.total_conns.max <= 12", Loosened},
		{"pool.total_conns.max >= 8 && pool.total_conns.max <= 12", "pool.total_conns.max == 10", Tightened},
		{"pool.total_conns.max == 10", "pool.total_conns.max <= 10", Loosened},
		{"pool.total_conns.max == 10", "pool.total_conns.max == 11", Changed},
		// A range that moves: neither contains the other.
		{"x.y > 1 && x.y < 5", "x.y > 2 && x.y < 6", Changed},
		{"x.y > 1 && x.y < 5", "x.y > 0 && x.y < 6", Loosened},
		// Two bounds moving opposite ways.
		{"latency.p50 < 10 && throughput > 100", "latency.p50 < 20 && throughput > 200", Changed},
		{"latency.p50 < 10 && throughput > 100", "latency.p50 < 20 && throughput > 50", Loosened},
		// Negative and computed bounds.
		{"process.rss_mb.growth > -5", "process.rss_mb.growth > -10", Loosened},
		{"latency.p95 < 2 * 50", "latency.p95 < 50", Tightened},
		// Formatting, parentheses and order are no change.
		{"latency.p95<50&&error_rate<0.01", "latency.p95 < 50 && error_rate < 0.01", Same},
		{"(latency.p95 < 50)", "latency.p95 < 50", Same},
		{"a.b < 1 && (c.d > 2 && e.f == 3)", "e.f == 3 && c.d > 2 && a.b < 1", Same},
		{"latency.p95 < 50 # comment", "latency.p95 < 50", Same},
		// What cannot be ordered.
		{"latency.p95 < 50", "latency.p99 < 50", Changed},
		{"latency.p95 < 50 || error_rate < 0.01", "latency.p95 < 100 || error_rate < 0.01", Changed},
		{"ops.dropped != 0", "ops.dropped != 1", Changed},
		{"ops.ok > ops.failed", "ops.ok > 2 * ops.failed", Changed},
		{"latency.p95 < 50", "latency.p95 <", Changed},
		{"alltrue([latency.p95 < 50])", "alltrue([latency.p95 < 100])", Changed},
	}
	for _, tt := range tests {
		if got := Classify(tt.old, tt.new); got != tt.want {
			t.Errorf("Classify(%q, %q) = %s, want %s", tt.old, tt.new, got, tt.want)
		}
	}
}

func TestNormalizeExpr(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"latency.p95<50", "latency.p95 < 50"},
		{"a  &&\n  b", "a && b"},
		{`"x:${ iteration }"`, `"x:${iteration}"`},
		{"max(a,b) > 1", "max(a, b) > 1"},
		{`load["fast"].ops.ok`, `load["fast"].ops.ok`},
		{"!a", "!a"},
	}
	for _, tt := range tests {
		if got := normalizeExpr(tt.in); got != tt.want {
			t.Errorf("normalizeExpr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
