package dsl

import (
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
)

func TestRestartFault(t *testing.T) {
	k, _ := faultkind.Of(faultkind.Restart)
	tests := []struct {
		name    string
		attrs   string
		mode    string
		downFor time.Duration
		diag    string // "" = valid
	}{
		{"kill with down_for", `mode = "kill"` + "\n" + `down_for = "1500ms"`, "kill", 1500 * time.Millisecond, ""},
		{"fast, down_for default 0", `mode = "fast"`, "fast", 0, ""},
		{"mode required", `down_for = "1s"`, "", 0, `Missing required argument: A restart fault needs "mode"`},
		{"unknown mode", `mode = "kil"`, "", 0, `Invalid restart mode: "kil" is not a valid mode. Use "kill" or "fast". Did you mean "kill"?`},
		{"instant: no duration", `mode = "kill"` + "\n" + `duration = "1s"`, "", 0, "Instant fault"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(faultScenarioOn(t, *k, "postgres", nil), "  fault \"restart\" {\n", "  fault \"restart\" {\n"+tt.attrs+"\n", 1)
			f, msgs := decodeFaultText(src)
			if tt.diag != "" {
				if !strings.Contains(strings.Join(msgs, "\n"), tt.diag) {
					t.Fatalf("diagnostics %q, want one with %q", msgs, tt.diag)
				}
				return
			}
			if len(msgs) > 0 || f == nil {
				t.Fatalf("diagnostics %q", msgs)
			}
			if f.Mode.Val != tt.mode || f.DownFor.Val != tt.downFor {
				t.Fatalf("mode %q down_for %v, want %q %v", f.Mode.Val, f.DownFor.Val, tt.mode, tt.downFor)
			}
		})
	}
}
