package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stressql/stressql/results"
)

// rawControls returns what out holds that a terminal would act on: bytes
// below 0x20 other than '\n', DEL, C1 controls, bidi controls and invalid
// UTF-8.
func rawControls(out string) []string {
	var bad []string
	if !utf8.ValidString(out) {
		bad = append(bad, "invalid UTF-8")
	}
	for i, r := range out {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			bad = append(bad, strings.ToValidUTF8(out[max(0, i-20):min(len(out), i+20)], "?"))
		}
	}
	return bad
}

// TestRunEscapesControlCharacters runs scenarios whose description, tags,
// check names, error messages and server errors hold ESC sequences, CR,
// BEL, other controls, DEL, a C1 CSI and a bidi override: with --no-color,
// `run`, `list` and `plan` print none of them raw (and no ESC at all),
// while the JSON report keeps the real strings and the JUnit file is
// valid XML.
func TestRunEscapesControlCharacters(t *testing.T) {
	pg, rd := servers(t)
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")
	outputs := map[string]result{
		"run": cliEnv(t, nil, "run", "testdata/hostile", "--postgres", pg, "--redis", rd, "--no-color",
			"--grace", "1s", "--json", jsonPath, "--junit", junitPath),
		"list": cliEnv(t, nil, "list", "testdata/hostile", "--no-color"),
		"plan": cliEnv(t, nil, "plan", "testdata/hostile", "--no-color"),
	}
	for cmd, r := range outputs {
		wantCode := 0
		if cmd == "run" {
			wantCode = 1 // the checks fail
		}
		if r.code != wantCode {
			t.Errorf("%s: exit %d, want %d\n%s%s", cmd, r.code, wantCode, r.stdout, r.stderr)
		}
		for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
			if bad := rawControls(out); len(bad) > 0 {
				t.Errorf("%s %s holds raw control characters near %q\n%s", cmd, name, bad, out)
			}
		}
		// The texts are there, escaped.
		if !strings.Contains(r.stdout, `\x1b[2J`) || !strings.Contains(r.stdout, `\u202e`) {
			t.Errorf("%s: the hostile texts are not shown escaped:\n%s", cmd, r.stdout)
		}
	}
	for _, want := range []string{`check "impossible \x1b[2J\r\nPASS  fake\a\u009b31m\u202e" failed`,
		`fake result \x1b[2J\x1b[H\r`, `check "server \x1b[31m\r errors" failed`} {
		if !strings.Contains(outputs["run"].stdout, want) {
			t.Errorf("run: stdout lacks %q:\n%s", want, outputs["run"].stdout)
		}
	}

	// JSON keeps the real strings.
	var run results.Run
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatal(err)
	}
	if len(run.Scenarios) != 2 || len(run.Scenarios[0].Checks) != 1 ||
		run.Scenarios[0].Checks[0].Name != "impossible \x1b[2J\r\nPASS  fake\a\u009b31m\u202e" {
		t.Errorf("JSON report: want the real check name, got %+v", run.Scenarios)
	}

	// JUnit stays well-formed XML 1.0.
	x, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader(string(x)))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Errorf("JUnit report is not valid XML: %v\n%s", err, x)
			}
			break
		}
	}
}
