package main

import (
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
)

// Output formats of diagnostics (validate --format).
const (
	formatText   = "text"
	formatJSON   = "json"
	formatGitHub = "github"
)

// diagView prints the diagnostics of one command invocation in the format
// its flags chose: every command that prints diagnostics picks its view
// once, with newDiagView, and prints through it only.
type diagView interface {
	// Diagnostics prints diags; files hold the sources the snippets are
	// cut from (nil or incomplete: no snippet).
	Diagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) error
	// Stopped prints the diagnostics of a load stopped midway (the load
	// watchdog's), when the process exits right after.
	Stopped(diags hcl.Diagnostics)
	// Summary prints the closing line of validate; invalid says the
	// configuration has errors. The JSON document holds the counts
	// instead.
	Summary(line string, invalid bool) error
}

// newDiagView returns the view for format (formatText, formatJSON or
// formatGitHub): text on stderr, colored when stderr is a terminal and
// noColor is off, detail wrapped to the terminal's width; JSON and GitHub
// workflow commands on stdout.
func newDiagView(g *globalOptions, format string, noColor bool) diagView {
	switch format {
	case formatJSON:
		return jsonView{out: g.stdout}
	case formatGitHub:
		return gitHubView{out: g.stdout}
	}
	return textView{stdout: g.stdout, stderr: g.stderr, width: g.width, color: g.color(noColor)}
}

// textView prints text diagnostics (writeTextDiagnostics) on stderr.
type textView struct {
	stdout, stderr io.Writer
	width          int
	color          bool
}

func (v textView) Diagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) error {
	return writeTextDiagnostics(v.stderr, files, diags, v.width, v.color)
}

func (v textView) Stopped(diags hcl.Diagnostics) {
	_ = v.Diagnostics(nil, diags)
	fmt.Fprintln(v.stderr, "Error: the configuration is invalid.")
}

// Summary prints line on stdout, or on stderr with the errors.
func (v textView) Summary(line string, invalid bool) error {
	out := v.stdout
	if invalid {
		out = v.stderr
	}
	_, err := fmt.Fprintln(out, line)
	return err
}

// jsonView prints the validate -json document on stdout.
type jsonView struct{ out io.Writer }

func (v jsonView) Diagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) error {
	return writeJSON(v.out, newValidateJSON(files, diags))
}

func (v jsonView) Stopped(diags hcl.Diagnostics) { _ = v.Diagnostics(nil, diags) }

func (jsonView) Summary(string, bool) error { return nil }

// gitHubView prints GitHub Actions workflow commands on stdout.
type gitHubView struct{ out io.Writer }

func (v gitHubView) Diagnostics(_ map[string]*hcl.File, diags hcl.Diagnostics) error {
	return writeGitHubDiagnostics(v.out, diags)
}

func (v gitHubView) Stopped(diags hcl.Diagnostics) { _ = v.Diagnostics(nil, diags) }

func (v gitHubView) Summary(line string, _ bool) error {
	_, err := fmt.Fprintln(v.out, line)
	return err
}
