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
	} {
		if got := suggestion(tc.name, options); got != tc.want {
			t.Errorf("suggestion(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
