package report

import (
	"fmt"
	"strings"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/results"
)

// summaryText renders the end of a run: one line of counts and total time,
// then the scenarios that did not pass.
func summaryText(r *results.Run, st styles, width int) string {
	n := r.Summary
	parts := []string{fmt.Sprintf("%d passed", n.Passed)}
	for _, p := range []struct {
		n    int
		word string
	}{
		{n.Failed, "failed"}, {n.Errored, "errored"}, {n.Interrupted, "interrupted"}, {n.Skipped, "skipped"},
	} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	line := fmt.Sprintf("stressql: %d %s in %s: %s", n.Total, plural(n.Total, "scenario"),
		dur(r.DurationMs), strings.Join(parts, ", "))
	c := st.pass
	if n.Passed != n.Total {
		c = st.fail
	}

	var b strings.Builder
	b.WriteString("\n" + c.Sprint(truncate(line, width)) + "\n")
	if r.Interrupted {
		b.WriteString(st.warn.Sprint("interrupted: the results are partial") + "\n")
	}
	var bad []*results.ScenarioRun
	for _, s := range r.Scenarios {
		switch s.Status {
		case results.StatusFail, results.StatusError, results.StatusInterrupted:
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		b.WriteString("not passed:\n")
		writeNotPassed(&b, bad, st, width)
	}
	b.WriteString(closingLines(n))
	return b.String()
}

// closingLines are the plain last lines of a run, with the counts of
// r.Summary as they are: CI systems read the last as a test count, in the
// form "scenarios: N passed, N failed" with ", N skipped" after it when
// some were. Errored and interrupted scenarios are neither passed nor
// failed (as in the JSON summary and JUnit's errors): when there are
// some, the line before counts them, so the total always adds up.
func closingLines(n results.Counts) string {
	var b strings.Builder
	var other []string
	if n.Errored > 0 {
		other = append(other, fmt.Sprintf("%d errored", n.Errored))
	}
	if n.Interrupted > 0 {
		other = append(other, fmt.Sprintf("%d interrupted", n.Interrupted))
	}
	if len(other) > 0 {
		b.WriteString("not counted as passed or failed: " + strings.Join(other, ", ") + "\n")
	}
	fmt.Fprintf(&b, "scenarios: %d passed, %d failed", n.Passed, n.Failed)
	if n.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", n.Skipped)
	}
	b.WriteString("\n")
	return b.String()
}

// writeNotPassed lists the scenarios that failed, errored or were interrupted.
func writeNotPassed(b *strings.Builder, bad []*results.ScenarioRun, st styles, width int) {
	nameWidth := 0
	for _, s := range bad {
		nameWidth = max(nameWidth, len(termtext.Line(s.Name)))
	}
	nameWidth = min(nameWidth, 50)
	for _, s := range bad {
		label, c := st.status(s.Status)
		line := fmt.Sprintf("  %-11s  %-*s  %s", label, nameWidth, termtext.Line(s.Name), termtext.Line(s.Source))
		line = truncate(strings.TrimRight(line, " "), width)
		b.WriteString(strings.Replace(line, label, c.Sprint(label), 1) + "\n")
	}
}
