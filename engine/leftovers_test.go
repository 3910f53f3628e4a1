package engine

import (
	"path"
	"testing"
)

// TestLeftoverNames: what clean recognises is exactly what namespace and
// appName make from a run id of the CLI, and nothing that merely looks
// like it.
func TestLeftoverNames(t *testing.T) {
	t.Parallel()
	run := newRunID()
	for n := 1; n <= 12; n++ {
		schema := Namespace(desc("postgres"), run, n)
		if got, ok := LeftoverSchema(schema); !ok || got != run {
			t.Errorf("LeftoverSchema(%q) = %q, %v; want %q, true", schema, got, ok, run)
		}
		key := Namespace(desc("redis"), run, n) + "user:1"
		prefix, got, ok := LeftoverKey(key)
		if !ok || got != run || prefix != Namespace(desc("redis"), run, n) {
			t.Errorf("LeftoverKey(%q) = %q, %q, %v; want %q, %q, true", key, prefix, got, ok, Namespace(desc("redis"), run, n), run)
		}
		if m, err := path.Match(LeftoverKeyGlob, key); err != nil || !m {
			t.Errorf("LeftoverKeyGlob does not match %q (%v)", key, err)
		}
		for _, app := range []string{appName(run, n, "some scenario"), appName(run, n, "x") + "#monitor"} {
			if got, ok := ConnectedRun(app); !ok || got != run {
				t.Errorf("ConnectedRun(%q) = %q, %v; want %q, true", app, got, ok, run)
			}
		}
	}
	for _, schema := range []string{
		"stressql_test_1_2", "stressql_test_12345_3", "stressql_abc", "stressql_0123abcd",
		"stressql_0123abcd_0", "stressql_0123abcd_01", "stressql_0123abcd_1x", "stressql_0123ABCD_1",
		"stressql_0123abcd9_1", "xstressql_0123abcd_1", "stressql_0123abcd_1 ", "public", "stressql",
	} {
		if run, ok := LeftoverSchema(schema); ok {
			t.Errorf("LeftoverSchema(%q) = %q, true; want false", schema, run)
		}
	}
	for _, key := range []string{
		"stressql:test123:1:k", "stressql:abc:1:k", "stressql:0123abcd:k", "stressql:0123abcd:0:k",
		"stressql:0123abcd:1", "stressql:0123ABCD:1:k", "user:stressql:0123abcd:1:k", "stressql_0123abcd_1",
		"stressql:0123abcd:01:k",
	} {
		if prefix, run, ok := LeftoverKey(key); ok {
			t.Errorf("LeftoverKey(%q) = %q, %q, true; want false", key, prefix, run)
		}
	}
	for _, app := range []string{"stressql-test-1-2", "stressql:test1:1:x", "psql", "stressql#clean", "stressql:0123abc:1:x"} {
		if run, ok := ConnectedRun(app); ok {
			t.Errorf("ConnectedRun(%q) = %q, true; want false", app, run)
		}
	}
}
