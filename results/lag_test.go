package results

import (
	"strings"
	"testing"
)

func TestGeneratorLag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		r    *Result
		want string // a part of the line; "" for none
	}{
		{"nil", nil, ""},
		{"closed model", &Result{Ops: Ops{Total: 10, OK: 10}}, ""},
		{"kept up", &Result{Ops: Ops{Total: 10, OK: 10}, Lateness: Summary{Count: 10, P99: 0.4}}, ""},
		{"at the bound", &Result{Lateness: Summary{Count: 10, P99: LagLatenessMs}}, ""},
		{"late", &Result{Lateness: Summary{Count: 10, P99: 16.5}}, "up to 16.5 ms late (lateness p99)"},
		{"dropped", &Result{Ops: Ops{Total: 10, OK: 7, Dropped: 3}, Lateness: Summary{Count: 7, P99: 0.1}}, "3 iterations dropped"},
	} {
		got := GeneratorLag(tc.r)
		switch {
		case tc.want == "" && got != "":
			t.Errorf("%s: %q, want none", tc.name, got)
		case tc.want != "" && (!strings.Contains(got, tc.want) || !strings.Contains(got, "max_workers")):
			t.Errorf("%s: %q, want it to say %q and what to do", tc.name, got, tc.want)
		}
	}
}
