package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/stressql/stressql/results"
)

// targetForms are the ways a user gives a target with a password, each
// with the pieces of the password that must never be printed.
var targetForms = []struct{ name, target string }{
	{"userinfo encoded", "postgres://u:" + url.PathEscape("Zq7@:/%!#?&=Kv9") + "@127.0.0.1:5432/db"},
	{"userinfo unencoded", "postgres://u:Zq7@:/%!#?&=Kv9@127.0.0.1:5432/db"},
	{"query password", "postgres://u@127.0.0.1:5432/db?password=" + url.QueryEscape("Zq7@:/%!#?&=Kv9")},
	{"query sslpassword", "postgres://u@127.0.0.1:5432/db?sslmode=require&sslpassword=Zq7Kv9"},
	{"redis query password", "redis://127.0.0.1:6379/0?password=Zq7Kv9"},
	{"redis userinfo", "redis://:Zq7%40Kv9@127.0.0.1:6379/0"},
	{"kv unquoted", "host=127.0.0.1 user=u password=Zq7@:/%!#?&=Kv9 dbname=db"},
	{"kv quoted", `host=127.0.0.1 user=u password='Zq7 \' Kv9' dbname=db`},
	{"fragment", "redis://127.0.0.1:6379/0#Zq7Kv9"},
}

// outputs renders r in every format: console (header, scenario, summary),
// JSON and JUnit.
func outputs(t *testing.T, r *results.Run) map[string]string {
	t.Helper()
	var console, js, junit bytes.Buffer
	c := NewConsole(&console, ConsoleOptions{NoColor: true, Terminal: true})
	c.RunStarted(len(r.Scenarios), r.Targets, r.Seed)
	for i, s := range r.Scenarios {
		c.ScenarioStarted(i+1, len(r.Scenarios), s.Name, s.Driver, 0)
		c.Progress(results.Progress{Scenario: s.Name, I: i + 1, N: len(r.Scenarios)})
		c.ScenarioFinished(s)
	}
	c.RunFinished(r)
	var plain bytes.Buffer
	p := NewConsole(&plain, ConsoleOptions{NoColor: true})
	p.RunStarted(len(r.Scenarios), r.Targets, r.Seed)
	for i, s := range r.Scenarios {
		p.ScenarioStarted(i+1, len(r.Scenarios), s.Name, s.Driver, 0)
		p.ScenarioFinished(s)
	}
	p.RunFinished(r)
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(&junit, r); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"terminal": console.String(), "console": plain.String(),
		"json": js.String(), "junit": junit.String()}
}

// TestNoSecretInAnyOutput: each target form, as a target and quoted in an
// error, a check message and a fault error, leaves no piece of its
// password in any output.
func TestNoSecretInAnyOutput(t *testing.T) {
	t.Parallel()
	for _, f := range targetForms {
		r := run()
		r.Targets = map[string]string{"postgres": f.target}
		r.Scenarios[1].Checks[0].Message = "connect " + f.target + " failed"
		r.Scenarios[2].Errors = []string{"open pool: dial " + f.target + ": refused", `parse "` + f.target + `": bad`}
		r.Scenarios[2].Faults = []results.FaultEvent{{Kind: "outage", What: "start", Error: "failed: " + f.target}}
		for out, text := range outputs(t, r) {
			for _, piece := range []string{"Zq7", "Kv9"} {
				if strings.Contains(text, piece) {
					t.Errorf("%s: %s output holds %q:\n%s", f.name, out, piece, text)
				}
			}
		}
	}
}

const hostile = "\x1b[2J\x1b[H\r\nPASS  fake\a\x00\x7f\u009b31m\u202e\xff"

// TestNoControlInTerminalOutput: names (as a for_each key may make them),
// tags, check names, conditions, messages, errors and fault texts with
// control characters print escaped on the console; the terminal output
// holds no ESC but the console's own line clearing; JUnit stays valid XML.
func TestNoControlInTerminalOutput(t *testing.T) {
	t.Parallel()
	r := run()
	for _, s := range r.Scenarios {
		s.Name += hostile
		s.Driver += hostile
		s.Source += hostile
		s.Tags = append(s.Tags, hostile)
		s.Errors = append(s.Errors, "server said: "+hostile)
		s.Faults = append(s.Faults, results.FaultEvent{Kind: "outage" + hostile, What: hostile, Error: hostile})
		for i := range s.Checks {
			c := &s.Checks[i]
			c.Name += hostile
			c.Condition += hostile
			c.Message += hostile
			c.Source += hostile
			for j := range c.Values {
				c.Values[j].Path += hostile
				c.Values[j].Value = c.Values[j].Text() + hostile
			}
		}
	}
	outs := outputs(t, r)
	for _, name := range []string{"terminal", "console"} {
		out := outs[name]
		if name == "terminal" {
			out = strings.ReplaceAll(out, "\r\x1b[2K", "") // the progress line's own
		}
		for i, c := range []byte(out) {
			if c < 0x20 && c != '\n' || c == 0x7f {
				t.Errorf("%s: raw %#x at %d: %q", name, c, i, out[max(0, i-30):min(len(out), i+30)])
				break
			}
		}
		for _, bad := range []string{"\u009b", "\u202e", "\xff", "\nPASS  fake"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s holds %q raw", name, bad)
			}
		}
		if !strings.Contains(out, `\x1b[2J\x1b[H\r\nPASS  fake\a\x00\x7f\u009b31m\u202e\xff`) {
			t.Errorf("%s: the name is not shown escaped:\n%s", name, out)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(outs["junit"]))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("JUnit is not valid XML: %v\n%s", err, outs["junit"])
		}
	}
	if !strings.Contains(outs["json"], `\u001b[2J`) {
		t.Error("JSON does not keep the real strings")
	}
}
