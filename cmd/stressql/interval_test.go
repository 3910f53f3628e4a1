package main

import (
	"strings"
	"testing"
)

// TestIntervalFlag: validate and plan check windowed checks' windows
// against --interval (1s by default).
func TestIntervalFlag(t *testing.T) {
	t.Parallel()
	const file = "testdata/window/window.hcl" // window = "1500ms"
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"validate: 1.5s is not a multiple of the default 1s", []string{"validate", file}, 2, "", "Window not a multiple of the interval"},
		{"validate --interval 500ms", []string{"validate", "--interval", "500ms", file}, 0, "Success!", ""},
		{"validate --interval 1s", []string{"validate", "--interval", "1s", file}, 2, "", "the interval is 1s (--interval)"},
		{"validate --interval 0", []string{"validate", "--interval", "0s", file}, 2, "", "--interval must be longer than 0s"},
		{"plan: default interval", []string{"plan", file}, 2, "", "Window not a multiple of the interval"},
		{"plan -interval=250ms", []string{"plan", "-interval=250ms", file}, 0, `check "c" [window 1.5s, abort]: error_rate < 0.01`, ""},
		{"plan -json", []string{"plan", "-json", "--interval", "500ms", file}, 0, `"window": "1.5s",`, ""},
		{"plan --interval -1s", []string{"plan", "--interval", "-1s", file}, 2, "", "--interval must be longer than 0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := cli(t, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.stdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}
