package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stressql/stressql/results"
)

// ciClosing is the form CI systems read as a test count from the last
// line: "N passed, N failed" after at most one word and a colon, then at
// most ", N skipped".
var ciClosing = regexp.MustCompile(`^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$`)

// TestClosingLines: the counts are the summary's own, the last line keeps
// the CI form, and errored and interrupted scenarios are counted on the
// line before it, never as failed.
func TestClosingLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    results.Counts
		want string
	}{
		{results.Counts{Total: 50, Passed: 50}, "scenarios: 50 passed, 0 failed\n"},
		{results.Counts{Total: 3, Passed: 1, Failed: 2}, "scenarios: 1 passed, 2 failed\n"},
		{results.Counts{Total: 2, Errored: 2}, "not counted as passed or failed: 2 errored\nscenarios: 0 passed, 0 failed\n"},
		{results.Counts{Total: 3, Passed: 1, Interrupted: 1, Skipped: 1},
			"not counted as passed or failed: 1 interrupted\nscenarios: 1 passed, 0 failed, 1 skipped\n"},
		{results.Counts{Total: 5, Passed: 1, Failed: 1, Errored: 1, Interrupted: 1, Skipped: 1},
			"not counted as passed or failed: 1 errored, 1 interrupted\nscenarios: 1 passed, 1 failed, 1 skipped\n"},
	} {
		got := closingLines(tc.n)
		if got != tc.want {
			t.Errorf("closingLines(%+v) =\n%s\nwant\n%s", tc.n, got, tc.want)
		}
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if !ciClosing.MatchString(lines[len(lines)-1]) {
			t.Errorf("last line %q is not of the CI form", lines[len(lines)-1])
		}
		for _, l := range lines[:len(lines)-1] {
			if ciClosing.MatchString(l) || strings.Contains(l, " passed, ") {
				t.Errorf("line %q could be read as the test count", l)
			}
		}
	}
}
