package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestWriteJUnit(t *testing.T) {
	t.Parallel()
	r := run()
	// Control characters from a server error must not break the XML.
	r.Scenarios[2].Errors = append(r.Scenarios[2].Errors, "bad byte \x00 and \x1b[31m escape")
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "hunter2") {
		t.Error("a password was written")
	}

	// Well-formed: the whole document decodes.
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "stressql" {
		t.Fatalf("suites = %+v, want one named stressql", doc.Suites)
	}
	s := doc.Suites[0]
	if s.Tests != 5 || s.Failures != 1 || s.Errors != 2 || s.Skipped != 1 || s.Time != "10.482" {
		t.Errorf("suite counts: tests %d failures %d errors %d skipped %d time %s",
			s.Tests, s.Failures, s.Errors, s.Skipped, s.Time)
	}
	for i, tc := range []struct {
		classname, name, time string
		failure, error        string // message; "" = none
		skipped               bool
		text                  string // in the failure or error details
	}{
		{"redis", "redis_basic_throughput", "2.013", "", "", false, ""},
		{"postgres", "pool_max_size_enforcement", "1.524", `2 checks failed: "pool never exceeds max", "recovers quickly"`, "",
			false, "pool.total_conns.max = 25"},
		{"redis", "redis_outage_recovery", "0.312", "",
			"open pool: dial redis://:xxxxx@127.0.0.1:6379/0: connect: connection refused", false, "leaked"},
		{"postgres", "pg_sustained_load", "4.100", "", "interrupted", false, "results are partial"},
		{"postgres", "pg_memory_growth", "0.000", "", "", true, ""},
	} {
		c := s.Cases[i]
		if c.Classname != tc.classname || c.Name != tc.name || c.Time != tc.time {
			t.Errorf("case %d = %s/%s %s, want %s/%s %s", i, c.Classname, c.Name, c.Time, tc.classname, tc.name, tc.time)
		}
		if got := message(c.Failure); got != tc.failure {
			t.Errorf("%s: failure %q, want %q", tc.name, got, tc.failure)
		}
		if got := message(c.Error); got != tc.error {
			t.Errorf("%s: error %q, want %q", tc.name, got, tc.error)
		}
		if (c.Skipped != nil) != tc.skipped {
			t.Errorf("%s: skipped = %v, want %v", tc.name, c.Skipped != nil, tc.skipped)
		}
		details := ""
		for _, p := range []*junitProblem{c.Failure, c.Error} {
			if p != nil {
				details += p.Text
			}
		}
		if !strings.Contains(details, tc.text) {
			t.Errorf("%s: details %q do not mention %q", tc.name, details, tc.text)
		}
	}
	if out := s.Cases[0].SystemOut; out == nil || !strings.Contains(out.Text, "throughput 5,960/s") {
		t.Errorf("system-out lacks the results table: %+v", out)
	}
	if strings.Contains(out, "\x00") || strings.Contains(out, "\x1b") {
		t.Error("control characters written into the XML")
	}
}

func message(p *junitProblem) string {
	if p == nil {
		return ""
	}
	return p.Message
}

func TestWriteJUnitGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, run()); err != nil {
		t.Fatal(err)
	}
	golden(t, "junit", buf.String())
}
