package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stressql/stressql/internal/testenv"
)

// TestWorkloads runs every workload briefly through the real engine
// against the real servers, with a CPU profile: each must pass and report
// successful iterations, and the profile must be written.
func TestWorkloads(t *testing.T) {
	t.Setenv("STRESSQL_REDIS_URL", testenv.URL(t, "redis"))
	t.Setenv("STRESSQL_POSTGRES_URL", testenv.URL(t, "postgres"))
	for _, name := range workloadNames() {
		t.Run(name, func(t *testing.T) {
			prof := filepath.Join(t.TempDir(), "cpu.out")
			var stdout, stderr bytes.Buffer
			code := realMain([]string{"-workload", name, "-duration", "300ms", "-conns", "4", "-rate", "500",
				"-cpuprofile", prof}, &stdout, &stderr)
			out := stdout.String()
			if code != 0 || !strings.Contains(out, ": pass") || strings.Contains(out, " 0 ok") {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr.String())
			}
			if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
				t.Errorf("CPU profile not written: %v", err)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"-workload", "nope"}, &stdout, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "redis-ping") {
		t.Errorf("unknown workload: exit %d, stderr %q", code, stderr.String())
	}
}
