package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestShardFromEnv: --shard-from-env takes the index from
// JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) or NOMAD_ALLOC_INDEX and the
// count from --shards or STRESSQL_SHARDS; a missing or bad value is a usage
// error (exit 2) that names the variable. The valid cases get past the
// flags to the target probe, whose unreachable target fails the run
// (exit 1, not 2).
func TestShardFromEnv(t *testing.T) {
	t.Parallel()
	json := filepath.Join(t.TempDir(), "shard.json")
	for _, tc := range []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"no index", nil, []string{"--shards", "2"}, 2, "neither JOB_COMPLETION_INDEX nor NOMAD_ALLOC_INDEX is set"},
		{"bad index", map[string]string{"JOB_COMPLETION_INDEX": "x"}, []string{"--shards", "2"}, 2, `$JOB_COMPLETION_INDEX is "x", not a whole number`},
		{"no count", map[string]string{"JOB_COMPLETION_INDEX": "1"}, nil, 2, "needs the shard count: --shards N or $STRESSQL_SHARDS"},
		{"bad count", map[string]string{"NOMAD_ALLOC_INDEX": "0", "STRESSQL_SHARDS": "two"}, nil, 2, `$STRESSQL_SHARDS is "two"`},
		{"index beyond count", map[string]string{"JOB_COMPLETION_INDEX": "2"}, []string{"--shards", "2"}, 2, "--shard-from-env:"},
		{"with --shard", map[string]string{"JOB_COMPLETION_INDEX": "0"}, []string{"--shards", "2", "--shard", "0/2"}, 2, "not both"},
		{"kubernetes", map[string]string{"JOB_COMPLETION_INDEX": "1", "STRESSQL_SHARDS": "2"}, nil, 1, "redis://127.0.0.1:1/0"},
		{"nomad", map[string]string{"NOMAD_ALLOC_INDEX": "0"}, []string{"--shards", "3"}, 1, "redis://127.0.0.1:1/0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
				getenv: func(k string) string { return tc.env[k] }}
			args := append([]string{"run", "testdata/overtime", "--redis", "redis://127.0.0.1:1/0", "--no-color",
				"--json", json, "--shard-from-env"}, tc.args...)
			code := execute(context.Background(), g, args)
			if code != tc.code || !strings.Contains(out.String()+errb.String(), tc.stderr) {
				t.Errorf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, tc.code, tc.stderr, out.String(), errb.String())
			}
		})
	}
}
