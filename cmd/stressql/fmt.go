package main

import (
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/stressql/stressql/dsl/format"
)

type fmtOptions struct {
	check, diff, recursive bool
	noColor                bool
}

// stdinName names standard input in diagnostics.
const stdinName = "<stdin>"

func newFmtCommand(g *globalOptions) *cobra.Command {
	o := &fmtOptions{}
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Rewrite scenario files in the canonical format",
		Long: `Fmt rewrites scenario files in place in the one canonical layout (aligned
"=", two-space indents, single blank lines), so that diffs show only real
changes, and prints the names of the files it changed. With no PATH it
formats the current directory; a directory means its *.hcl files (and
those below it with -recursive). "fmt -" formats standard input to
standard output.

A file with a syntax error is reported and never written.

Exit status: 0 done; 1 with -check when a file is not formatted; 2 on
syntax errors or usage errors.`,
		Example: `  stressql fmt scenarios/
  stressql fmt -check -diff scenarios/
  stressql fmt -recursive .
  stressql fmt - < scenario.hcl`,
		RunE: func(_ *cobra.Command, args []string) error {
			return runFmt(g, o, args)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&o.check, "check", false, "write nothing; list the files that are not formatted and exit 1 if there are any")
	fs.BoolVar(&o.diff, "diff", false, "print a unified diff of the changes")
	fs.BoolVar(&o.recursive, "recursive", false, "also format files in subdirectories")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	return cmd
}

func runFmt(g *globalOptions, o *fmtOptions, paths []string) error {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		if p == "-" && len(paths) > 1 {
			return invalid(`fmt: "-" (standard input) cannot be combined with other paths`)
		}
	}
	var results []*format.Result
	if paths[0] == "-" {
		src, err := io.ReadAll(g.stdin)
		if err != nil {
			return exitWith(exitFailed, fmt.Errorf("fmt: read standard input: %w", err))
		}
		results = append(results, format.Bytes(stdinName, src))
	} else {
		files, err := format.Collect(paths, o.recursive)
		if err != nil {
			return invalid("fmt: %w", err)
		}
		for _, f := range files {
			r, err := format.File(f)
			if err != nil {
				return exitWith(exitFailed, fmt.Errorf("fmt: %w", err))
			}
			results = append(results, r)
		}
	}
	return reportFmt(g, o, results, paths[0] == "-")
}

// reportFmt writes files (or stdout), prints names and diffs, diagnostics
// for files that do not parse, and picks the exit code.
func reportFmt(g *globalOptions, o *fmtOptions, results []*format.Result, stdin bool) error {
	var diags hcl.Diagnostics
	files := map[string]*hcl.File{}
	changed := 0
	for _, r := range results {
		if r.Diags.HasErrors() {
			diags = append(diags, r.Diags...)
			files[r.Filename] = &hcl.File{Bytes: r.Old}
			continue
		}
		if r.Changed() {
			changed++
		}
		if err := fmtOutput(g, o, r, stdin); err != nil {
			return exitWith(exitFailed, fmt.Errorf("fmt: %w", err))
		}
	}
	if err := newDiagView(g, formatText, o.noColor).Diagnostics(files, diags); err != nil {
		return exitWith(exitFailed, fmt.Errorf("fmt: %w", err))
	}
	switch {
	case diags.HasErrors():
		n, _ := countDiagnostics(diags)
		return invalid("fmt: %s: files with syntax errors were not formatted", plural(n, "syntax error"))
	case o.check && changed > 0:
		return exitWith(exitFailed, nil)
	}
	return nil
}

// fmtOutput handles one file that parses.
func fmtOutput(g *globalOptions, o *fmtOptions, r *format.Result, stdin bool) error {
	if stdin && !o.check && !o.diff {
		_, err := g.stdout.Write(r.New)
		return err
	}
	if !r.Changed() {
		return nil
	}
	if !stdin {
		if _, err := fmt.Fprintln(g.stdout, r.Filename); err != nil {
			return err
		}
	}
	if o.diff {
		d, err := r.Diff()
		if err != nil {
			return err
		}
		if _, err := io.WriteString(g.stdout, d); err != nil {
			return err
		}
	}
	if o.check || stdin {
		return nil
	}
	return r.Write()
}
