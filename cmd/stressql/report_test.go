package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const fixtures = "../../htmlreport/testdata/"

func TestReportCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v2 := write("v2.json", `{"schema_version": 2, "scenarios": []}`)
	none := write("none.json", `{"scenarios": []}`)
	notJSON := write("bad.json", `<html>`)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"renders", []string{"report", fixtures + "normal.json", "--html", filepath.Join(dir, "ok.html")}, 0, nil},
		{"old schema", []string{"report", v2, "--html", filepath.Join(dir, "v2.html")}, 2,
			[]string{"has schema_version 2", "reads only schema_version 3"}},
		{"no schema", []string{"report", none, "--html", filepath.Join(dir, "none.html")}, 2, []string{"has no schema_version"}},
		{"not json", []string{"report", notJSON, "--html", filepath.Join(dir, "bad.html")}, 2, []string{"is not a stressql JSON report"}},
		{"missing file", []string{"report", filepath.Join(dir, "nope.json"), "--html", filepath.Join(dir, "nope.html")}, 2, []string{"nope.json"}},
		{"no --html", []string{"report", fixtures + "normal.json"}, 2, []string{"report needs --html FILE"}},
		{"no input", []string{"report", "--html", filepath.Join(dir, "x.html")}, 2, nil},
		{"unwritable", []string{"report", fixtures + "normal.json", "--html", filepath.Join(dir, "no", "dir.html")}, 1, []string{"writing report"}},
	}
	for _, tt := range tests {
		r := cli(t, "", tt.args...)
		if r.code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s", tt.name, r.code, tt.code, r.stderr)
		}
		for _, want := range tt.stderr {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", tt.name, want, r.stderr)
			}
		}
		if out := tt.args[len(tt.args)-1]; tt.code != 0 && strings.HasSuffix(out, ".html") {
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s: %s written although the command failed", tt.name, out)
			}
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "ok.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="report-data"`, "outage_and_recovery", "sweep_pool[4]", `data-chart="s3-latency"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// TestRunHTMLInterrupted: run --html writes the report of an interrupted
// run, marked so, next to the JSON; rendering that JSON with report gives
// the same file.
func TestRunHTMLInterrupted(t *testing.T) {
	pg, rd := servers(t)
	dir := t.TempDir()
	htmlPath, jsonPath, again := filepath.Join(dir, "r.html"), filepath.Join(dir, "r.json"), filepath.Join(dir, "again.html")
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := execute(ctx, g, []string{"run", fixtures + "fixtures.hcl", "--filter", "redis_closed_model", "--postgres", pg, "--redis", rd,
		"--grace", "1s", "--no-color", "--interval", "100ms", "--json", jsonPath, "--html", htmlPath})
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitInterrupted, out.String(), errb.String())
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="interrupted"`, "redis_closed_model", `data-status="interrupted"`, `data-chart="s0-throughput"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report of the interrupted run lacks %q", want)
		}
	}
	if r := cli(t, "", "report", jsonPath, "--html", again); r.code != 0 {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	rebuilt, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(page, rebuilt) {
		t.Errorf("the report rebuilt from the JSON (%d bytes) differs from the one run wrote (%d bytes)", len(rebuilt), len(page))
	}
}

func TestRunHTMLSameFile(t *testing.T) {
	t.Parallel()
	r := cli(t, "", "run", "testdata/valid", "--json", "x", "--html", "x")
	if r.code != 2 || !strings.Contains(r.stderr, "--html names the same file") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
}
