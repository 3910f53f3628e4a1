package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

type validateOptions struct {
	config  configFlags
	json    bool
	format  string
	noColor bool
}

func newValidateCommand(g *globalOptions) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check scenario files without running them",
		Long: `Validate loads and compiles the scenario files — every *.hcl file named, or
found directly in a named directory — and reports every problem in every
file, each with file:line:column. No server is contacted.

Formats: text (the default; diagnostics on stderr), json (the document
described in docs/dsl.md, on stdout; -json is short for --format json) and
github (GitHub Actions annotations, on stdout).

Exit status: 0 valid (warnings allowed), 2 invalid.`,
		Example: `  stressql validate scenarios/
  stressql validate -json scenarios/ | jq '.diagnostics[].summary'
  stressql validate --format github scenarios/
  stressql validate --var pg_max_conns=50 scenarios/postgres.hcl`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runValidate(g, o, args)
		},
	}
	fs := cmd.Flags()
	o.config.addVarFlags(fs)
	o.config.addIntervalFlag(fs)
	fs.BoolVar(&o.json, "json", false, "print the result as JSON on stdout (same as --format json)")
	fs.StringVar(&o.format, "format", formatText, "output `FORMAT`: text, json or github")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	return cmd
}

func runValidate(g *globalOptions, o *validateOptions, paths []string) error {
	format := o.format
	if o.json {
		if format != formatText && format != formatJSON {
			return invalid("validate: -json conflicts with --format %s", format)
		}
		format = formatJSON
	}
	switch format {
	case formatText, formatJSON, formatGitHub:
	default:
		return invalid("validate: unknown --format %q: use text, json or github", format)
	}

	if err := o.config.checkInterval("validate"); err != nil {
		return err
	}
	view := newDiagView(g, format, o.noColor)
	l := load(paths, o.config.loadOptions(g.registry()), view.Stopped)
	errs, warnings := countDiagnostics(l.diags)
	err := view.Diagnostics(l.files, l.diags)
	if err == nil {
		err = view.Summary(validateSummary(l, errs, warnings), errs > 0)
	}
	if err != nil {
		return exitWith(exitFailed, fmt.Errorf("validate: %w", err))
	}
	if errs > 0 {
		return exitWith(exitInvalid, nil)
	}
	return nil
}

// validateSummary is the closing line of text output.
func validateSummary(l *loaded, errs, warnings int) string {
	if errs > 0 {
		s := "Error: " + plural(errs, "error")
		if warnings > 0 {
			s += " and " + plural(warnings, "warning")
		}
		return s + ": the configuration is invalid."
	}
	verb := "are"
	if l.scenarioCount() == 1 {
		verb = "is"
	}
	s := fmt.Sprintf("Success! %s in %s %s valid", plural(l.scenarioCount(), "scenario"), plural(len(l.files), "file"), verb)
	if warnings > 0 {
		s += fmt.Sprintf(" (%s)", plural(warnings, "warning"))
	}
	return s + "."
}
