package dsl

import "testing"

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"max_conns", "max_conns", 0},
		{"max_conn", "max_conns", 1}, // deletion
		{"qeury", "query", 2},        // transposition = 2 edits
		{"postgress", "postgres", 1}, // insertion
		{"latncy", "latency", 1},     // missing letter
		{"kitten", "sitting", 3},     // the classic
		{"workers", "iterations", 8}, // unrelated
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSuggestion(t *testing.T) {
	t.Parallel()
	options := []string{"workers", "iterations", "duration", "think_time", "rate", "max_workers"}
	for _, tc := range []struct {
		name, want string
	}{
		{"worker", "workers"},
		{"Workers", "workers"}, // case-insensitive
		{"iteration", "iterations"},
		{"durration", "duration"},
		{"max_worker", "max_workers"},
		{"rte", "rate"}, // short names: one edit
		{"xyz", ""},     // nothing close
		{"concurrency", ""},
		{"", ""},
		{"think", "think_time"}, // cut short: the one option it begins
		{"max_w", "max_workers"},
		{"Thin", "think_time"},
		{"th", ""}, // too short to be a prefix
	} {
		if got := suggestion(tc.name, options); got != tc.want {
			t.Errorf("suggestion(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSuggestionPrefix(t *testing.T) {
	t.Parallel()
	pool := []string{"acquire_count", "canceled_acquire_count", "close_ms", "empty_acquire_count", "hits",
		"idle_conns", "in_use_conns", "misses", "new_conns", "reuse_ratio", "stale_conns", "timeouts", "total_conns", "warmup_ms"}
	latency := []string{"count", "max", "mean", "min", "p50", "p90", "p95", "p99", "p999", "stddev"}
	for _, tc := range []struct {
		name    string
		options []string
		want    string
	}{
		{"reuse", pool, "reuse_ratio"},
		{"warmup", pool, "warmup_ms"},
		{"acquire", pool, "acquire_count"},
		{"stale", pool, "stale_conns"},
		{"hit", pool, "hits"},                                        // edit distance first
		{"p9", latency, "p90"},                                       // one edit: edit distance, not prefix
		{"conn_", []string{"conn_timeout", "conn_max_lifetime"}, ""}, // ambiguous prefix
		{"p99", latency, "p99"},
		{"std", latency, "stddev"},
		{"xyzzy", pool, ""},
	} {
		if got := suggestion(tc.name, tc.options); got != tc.want {
			t.Errorf("suggestion(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
