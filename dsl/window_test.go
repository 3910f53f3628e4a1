package dsl_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// windowSource is a 10s scenario with one check whose window and abort
// lines are filled in.
const windowSource = `
scenario "s" {
  driver = "postgres"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "10s"
    step "ping" {}
  }
  check "c" {
    condition = error_rate < 0.01
%s
  }
}
`

// TestCheckWindow: window and abort are decoded, validated against the
// run's interval (LoadOptions.Interval, 1s by default) and the
// scenario's expected duration, and reach the plan.
func TestCheckWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		attrs    string
		interval time.Duration
		// want is the summary of the only error, "" for none.
		want       string
		wantWindow time.Duration
		wantAbort  bool
	}{
		{name: "whole run", attrs: ""},
		{name: "window", attrs: `window = "1s"`, wantWindow: time.Second},
		{name: "window and abort", attrs: "window = \"2s\"\nabort = true", wantWindow: 2 * time.Second, wantAbort: true},
		{name: "abort false", attrs: "window = \"2s\"\nabort = false", wantWindow: 2 * time.Second},
		{name: "whole scenario", attrs: `window = "10s"`, wantWindow: 10 * time.Second},
		{name: "null window is unset", attrs: `window = null`},
		{name: "abort without window", attrs: `abort = true`, want: "Abort without a window"},
		{name: "abort false without window", attrs: `abort = false`, want: "Abort without a window"},
		{name: "abort with null window", attrs: "window = null\nabort = true", want: "Abort without a window"},
		{name: "not a multiple of 1s", attrs: `window = "1500ms"`, want: "Window not a multiple of the interval"},
		{name: "multiple of 500ms", attrs: `window = "1500ms"`, interval: 500 * time.Millisecond, wantWindow: 1500 * time.Millisecond},
		{name: "shorter than the interval", attrs: `window = "1s"`, interval: 2 * time.Second, want: "Window not a multiple of the interval"},
		{name: "multiple of 2s", attrs: `window = "4s"`, interval: 2 * time.Second, wantWindow: 4 * time.Second},
		{name: "longer than the scenario", attrs: `window = "11s"`, want: "Window longer than the scenario"},
		{name: "zero", attrs: `window = "0s"`, want: "Zero duration"},
		{name: "abort not a bool", attrs: "window = \"1s\"\nabort = \"yes\"", want: "Incorrect attribute value type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "s.hcl")
			if err := os.WriteFile(path, []byte(fmt.Sprintf(windowSource, tt.attrs)), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, diags := dsl.Load([]string{path}, dsl.LoadOptions{Drivers: registry.Default(), Interval: tt.interval})
			p, moreDiags := compiler.Compile(cfg)
			diags = append(diags, moreDiags...)
			if tt.want != "" {
				if len(diags) != 1 || diags[0].Summary != tt.want {
					t.Fatalf("diagnostics = %v, want one %q", diags, tt.want)
				}
				if !diags.HasErrors() {
					t.Fatalf("%q is not an error", tt.want)
				}
				// The subject is the attribute at fault: abort for
				// "Abort without a window", else the last one written.
				attrs := strings.Split(tt.attrs, "\n")
				i := len(attrs) - 1
				if tt.want == "Abort without a window" {
					i = slices.IndexFunc(attrs, func(l string) bool { return strings.HasPrefix(l, "abort") })
				}
				line := strings.Count(windowSource[:strings.Index(windowSource, "%s")], "\n") + 1 + i
				if got := diags[0].Subject.Start.Line; got != line {
					t.Errorf("subject on line %d, want %d (%s)", got, line, attrs[i])
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			c := p.Scenarios[0].Checks[0]
			if c.Window != tt.wantWindow || c.Abort != tt.wantAbort {
				t.Errorf("plan check window = %v abort = %v, want %v %v", c.Window, c.Abort, tt.wantWindow, tt.wantAbort)
			}
		})
	}
}
