package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// JUnit XML, in the shape CI systems read (Jenkins, GitLab, GitHub
// actions): one suite named "stressql", one test case per scenario.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitProblem `xml:"skipped"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitText is multi-line text kept readable in a CDATA section.
type junitText struct {
	Text string `xml:",cdata"`
}

type junitProblem struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes r as JUnit XML: failed checks become a <failure>,
// scenarios that errored or were interrupted an <error>, and scenarios
// never started <skipped/>. Each case's output holds its results table.
func WriteJUnit(w io.Writer, r *results.Run) error {
	plain := newStyles(false)
	suite := junitSuite{
		Name: "stressql",
		Time: seconds(r.DurationMs),
		Properties: []junitProperty{
			{Name: "seed", Value: fmt.Sprint(r.Seed)},
			{Name: "run_id", Value: r.RunID},
			{Name: "version", Value: r.Version},
		},
	}
	if !r.StartedAt.IsZero() {
		suite.Timestamp = r.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, s := range r.Scenarios {
		tc := junitCase{Classname: s.Driver, Name: s.Name, Time: seconds(s.DurationMs)}
		if table := tableLines(s, maxWidth); len(table) > 0 {
			tc.SystemOut = &junitText{Text: xmlSafe(strings.Join(table, "\n") + "\n")}
		}
		checks := strings.Join(checkLines(s, plain, maxWidth), "\n")
		errs := strings.Join(errorLines(s, maxWidth), "\n")
		examples := examplesText(s)
		switch s.Status {
		case results.StatusFail:
			tc.Failure = &junitProblem{Message: failureMessage(s), Type: "check", Text: xmlSafe(join(checks, examples, errs))}
			suite.Failures++
		case results.StatusError:
			msg := "scenario error"
			if len(s.Errors) > 0 {
				msg = redact.Text(s.Errors[0])
			}
			tc.Error = &junitProblem{Message: msg, Type: "error", Text: xmlSafe(join(errs, examples, checks))}
			suite.Errors++
		case results.StatusInterrupted:
			tc.Error = &junitProblem{Message: "interrupted", Type: "interrupted",
				Text: xmlSafe(join("The run was interrupted while this scenario ran; its results are partial.", errs, examples, checks))}
			suite.Errors++
		case results.StatusSkipped:
			tc.Skipped = &junitProblem{Message: "not started: the run was interrupted"}
			suite.Skipped++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{
		Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	return nil
}

// examplesText is the errors line of s with the first message of each
// error kind under it, as on the console, for the text of a failure or an
// error: the reason behind the error counts travels with the verdict.
func examplesText(s *results.ScenarioRun) string {
	if s.Result == nil || len(s.Result.ErrorExamples) == 0 {
		return ""
	}
	return strings.Join(errorCountLines(s.Result, maxWidth), "\n")
}

// failureMessage sums up the failed checks of a scenario in one line.
func failureMessage(s *results.ScenarioRun) string {
	var failed []results.CheckResult
	for _, c := range s.Checks {
		if !c.Passed {
			failed = append(failed, c)
		}
	}
	switch len(failed) {
	case 0:
		return "failed"
	case 1:
		msg := failed[0].Message
		if msg == "" {
			msg = "condition is false"
		}
		return fmt.Sprintf("check %q: %s", failed[0].Name, redact.Text(msg))
	}
	names := make([]string, len(failed))
	for i, c := range failed {
		names[i] = fmt.Sprintf("%q", c.Name)
	}
	return fmt.Sprintf("%d checks failed: %s", len(failed), strings.Join(names, ", "))
}

// xmlSafe replaces what XML 1.0 cannot hold (control characters from a
// server's error text, say), which CDATA does not escape.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

func seconds(ms float64) string { return fmt.Sprintf("%.3f", ms/1000) }

// join joins the non-empty texts with a newline.
func join(texts ...string) string {
	var out []string
	for _, t := range texts {
		if t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}
