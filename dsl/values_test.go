package dsl_test

import (
	"testing"
	"time"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// loadTimeout decodes a scenario whose timeout is expr.
func loadTimeout(t *testing.T, expr string) (*dsl.Scenario, []string) {
	t.Helper()
	src := `scenario "d" {
  driver  = "redis"
  timeout = ` + expr + `
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
`
	cfg, diags := dsl.LoadSources(map[string][]byte{"d.hcl": []byte(src)}, dsl.LoadOptions{Drivers: registry.Default()})
	var summaries []string
	for _, d := range diags {
		summaries = append(summaries, d.Summary)
	}
	return cfg.Scenarios[0], summaries
}

func TestDurations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		expr    string
		want    time.Duration
		wantErr string
	}{
		{`"250ms"`, 250 * time.Millisecond, ""},
		{`"1m30s"`, 90 * time.Second, ""},
		{`"1.5s"`, 1500 * time.Millisecond, ""},
		{`"2h"`, 2 * time.Hour, ""},
		{`"24h"`, 24 * time.Hour, ""},
		{`"100us"`, 100 * time.Microsecond, ""},
		{`"${2 * 5}s"`, 10 * time.Second, ""},
		{`format("%dms", 20)`, 20 * time.Millisecond, ""},
		{`"5 seconds"`, 0, "Invalid duration"},
		{`"5"`, 0, "Invalid duration"},
		{`5`, 0, "Invalid duration"},
		{`"1d"`, 0, "Invalid duration"},
		{`""`, 0, "Invalid duration"},
		{`"-1s"`, 0, "Negative duration"},
		{`"0s"`, 0, "Zero duration"},
		{`"25h"`, 0, "Duration too long"},
		{`["1s"]`, 0, "Incorrect attribute value type"},
		{`true`, 0, "Invalid duration"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			t.Parallel()
			sc, diags := loadTimeout(t, tc.expr)
			if tc.wantErr != "" {
				if len(diags) != 1 || diags[0] != tc.wantErr {
					t.Errorf("diagnostics %q, want one %q", diags, tc.wantErr)
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("diagnostics %q", diags)
			}
			if !sc.Timeout.Set || sc.Timeout.Val != tc.want {
				t.Errorf("timeout = %v (set %v), want %v", sc.Timeout.Val, sc.Timeout.Set, tc.want)
			}
		})
	}
}

// TestNullIsUnset: null leaves an attribute unset, so its default applies.
func TestNullIsUnset(t *testing.T) {
	t.Parallel()
	sc, diags := loadTimeout(t, "null")
	if len(diags) > 0 || sc.Timeout.Set {
		t.Errorf("timeout = null: diagnostics %q, Set %v; want none, unset", diags, sc.Timeout.Set)
	}
}
