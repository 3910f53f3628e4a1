package main

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/spf13/cobra"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/plandiff"
)

// Exit codes of diff (as terraform plan -detailed-exitcode): 0 identical,
// 1 error, 2 the plans differ, 3 a check was loosened or removed with
// --fail-on loosened.
const (
	exitDiffers  = 2
	exitLoosened = 3
)

type diffOptions struct {
	vars, varFiles           []string
	oldVars, newVars         []string
	oldVarFiles, newVarFiles []string
	json, noColor            bool
	format, failOn           string
}

func newDiffCommand(g *globalOptions) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show what a change to scenario files changes in the plans",
		Long: `Diff compiles two versions of scenario files to plans and shows, scenario by
scenario, what differs: scenarios added, removed and renamed (the same plan
under another name); every pool setting, load attribute, step, policy,
phase and fault, old → new, including changes that come only from a
variable default, a local or a for_each value; the expected duration
before and after; every check added, removed or changed, classified
tightened, loosened or changed by comparing the two conditions (resolved)
over the results they read. Changes of formatting or comments are no
change.

OLD and NEW are each a file, a directory (its *.hcl files), or
git:REV:PATH, a file or directory as git revision REV has it (read with
git itself, no checkout; PATH relative to the current directory).
--var and --var-file apply to both sides; --old-var, --new-var,
--old-var-file and --new-var-file to one side, after them.

--format markdown writes a pull-request comment (a table per scenario);
--format github writes GitHub Actions warnings on the new side's lines.

Exit status: 0 the plans are identical, 2 they differ, 1 an error (such
as an invalid configuration); with --fail-on loosened, 3 when a check was
loosened or removed.`,
		Example: `  stressql diff git:origin/main:scenarios/ scenarios/
  stressql diff old.hcl new.hcl --fail-on loosened
  stressql diff --format markdown git:HEAD~1:scenarios/ scenarios/ > comment.md`,
		RunE: func(_ *cobra.Command, args []string) error {
			return runDiff(g, o, args)
		},
	}
	// Usage errors of diff exit 1, since 2 means "the plans differ".
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return exitWith(exitFailed, fmt.Errorf("%w\nRun '%s --help' for usage", err, c.CommandPath()))
	})
	fs := cmd.Flags()
	fs.StringArrayVar(&o.vars, "var", nil, "set a variable on both sides: `NAME=VALUE` (repeatable; later wins)")
	fs.StringArrayVar(&o.varFiles, "var-file", nil, "read variables for both sides from an HCL `FILE` (repeatable)")
	fs.StringArrayVar(&o.oldVars, "old-var", nil, "set a variable on the OLD side: `NAME=VALUE` (repeatable; after --var)")
	fs.StringArrayVar(&o.newVars, "new-var", nil, "set a variable on the NEW side: `NAME=VALUE` (repeatable; after --var)")
	fs.StringArrayVar(&o.oldVarFiles, "old-var-file", nil, "read variables for the OLD side from `FILE` (repeatable; after --var-file)")
	fs.StringArrayVar(&o.newVarFiles, "new-var-file", nil, "read variables for the NEW side from `FILE` (repeatable; after --var-file)")
	fs.BoolVar(&o.json, "json", false, "print the difference as JSON (same as --format json)")
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: text, json, markdown or github")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 3 when a check is `loosened` or removed")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	return cmd
}

func runDiff(g *globalOptions, o *diffOptions, args []string) error {
	if len(args) != 2 {
		return exitWith(exitFailed, fmt.Errorf("diff: takes two arguments, OLD and NEW; got %d\nRun 'stressql diff --help' for usage", len(args)))
	}
	format := o.format
	if o.json {
		format = "json"
	}
	switch format {
	case "text", "json", "markdown", "github":
	default:
		return exitWith(exitFailed, fmt.Errorf("diff: --format must be text, json, markdown or github; got %q", o.format))
	}
	if o.failOn != "" && o.failOn != "loosened" {
		return exitWith(exitFailed, fmt.Errorf("diff: --fail-on takes loosened; got %q", o.failOn))
	}
	oldSide, err := diffSide(g, o, "OLD", args[0], dsl.LoadOptions{
		Vars: append(append([]string{}, o.vars...), o.oldVars...), VarFiles: append(append([]string{}, o.varFiles...), o.oldVarFiles...)})
	if err != nil {
		return err
	}
	newSide, err := diffSide(g, o, "NEW", args[1], dsl.LoadOptions{
		Vars: append(append([]string{}, o.vars...), o.newVars...), VarFiles: append(append([]string{}, o.varFiles...), o.newVarFiles...)})
	if err != nil {
		return err
	}
	r := plandiff.Diff(oldSide, newSide)
	switch format {
	case "json":
		err = plandiff.JSON(g.stdout, r)
	case "markdown":
		err = plandiff.Markdown(g.stdout, r)
	case "github":
		err = plandiff.GitHub(g.stdout, r)
	default:
		color := g.stdoutTTY && !o.noColor && g.env("NO_COLOR") == ""
		err = plandiff.Text(g.stdout, r, color)
	}
	if err != nil {
		return writeErr("diff", err)
	}
	switch {
	case o.failOn == "loosened" && r.Loosened():
		return exitWith(exitLoosened, nil)
	case !r.Identical():
		return exitWith(exitDiffers, nil)
	}
	return nil
}

// diffSide loads and compiles one side. Diagnostics go to stderr as
// text; errors end diff with exit 1.
func diffSide(g *globalOptions, o *diffOptions, which, arg string, opts dsl.LoadOptions) (plandiff.Side, error) {
	opts.Drivers = g.registry()
	view := newDiagView(g, formatText, o.noColor)
	report := func(diags hcl.Diagnostics) { _ = view.Diagnostics(nil, diags) }
	var l *loaded
	if rev, p, ok := strings.Cut(strings.TrimPrefix(arg, "git:"), ":"); ok && strings.HasPrefix(arg, "git:") {
		srcs, err := gitSources(rev, p)
		if err != nil {
			return plandiff.Side{}, exitWith(exitFailed, fmt.Errorf("diff: %s side %s: %w", which, arg, err))
		}
		l = loadSources(srcs, opts, report)
	} else {
		l = load([]string{arg}, opts, report)
	}
	if err := view.Diagnostics(l.files, l.diags); err != nil {
		return plandiff.Side{}, writeErr("diff", err)
	}
	if l.diags.HasErrors() || l.plan == nil {
		errs, _ := countDiagnostics(l.diags)
		return plandiff.Side{}, exitWith(exitFailed, fmt.Errorf("diff: %s side %s: %s: the configuration is invalid", which, arg, plural(errs, "error")))
	}
	side := plandiff.Side{Plan: l.plan, Values: map[string]string{}, Defaults: map[string]bool{}}
	for _, v := range l.cfg.Variables {
		if text, ok := literal(v.Value); ok {
			side.Values["var."+v.Name] = text
			side.Defaults["var."+v.Name] = v.Default != cty.NilVal && v.Default.RawEquals(v.Value)
		}
	}
	for _, lc := range l.cfg.Locals {
		if text, ok := literal(lc.Value); ok {
			side.Values["local."+lc.Name] = text
		}
	}
	return side, nil
}

// literal renders a known value as HCL.
func literal(v cty.Value) (string, bool) {
	if v == cty.NilVal || !v.IsWhollyKnown() {
		return "", false
	}
	return strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes())), true
}

// loadSources is load for files held in memory (a git revision's).
func loadSources(srcs map[string][]byte, opts dsl.LoadOptions, report func(hcl.Diagnostics)) *loaded {
	opts.Guard = &dsl.Guard{}
	stop := dsl.Watch(opts.Guard, func(d *hcl.Diagnostic) {
		report(hcl.Diagnostics{d})
		exitProcess(exitFailed)
	})
	defer stop()
	cfg, diags := dsl.LoadSources(srcs, opts)
	l := &loaded{cfg: cfg, diags: diags, files: map[string]*hcl.File{}}
	if cfg == nil {
		return l
	}
	if cfg.Files != nil {
		l.files = cfg.Files
	}
	p, moreDiags := compiler.Compile(cfg)
	l.diags = append(l.diags, moreDiags...)
	if !l.diags.HasErrors() {
		l.plan = p
	}
	if len(p.Scenarios) == 0 && !l.diags.HasErrors() {
		// LoadSources only warns of no scenarios; diff, like Load, refuses.
		l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No scenarios",
			Detail: "The revision holds no scenario block there. Name .hcl files or directories that hold them."})
		l.plan = nil
	}
	return l
}

// gitSources reads PATH as git revision rev has it: a file, or a
// directory's *.hcl files (not recursive), named as PATH would name them
// in the working tree.
func gitSources(rev, p string) (map[string][]byte, error) {
	if rev == "" {
		return nil, errors.New("no revision: write git:REV:PATH, such as git:HEAD:scenarios/")
	}
	if p == "" {
		p = "."
	}
	obj := rev + ":./" + strings.TrimPrefix(p, "./")
	typ, err := git("cat-file", "-t", obj)
	if err != nil {
		return nil, err
	}
	srcs := map[string][]byte{}
	switch strings.TrimSpace(string(typ)) {
	case "blob":
		b, err := git("show", obj)
		if err != nil {
			return nil, err
		}
		srcs[path.Clean(p)] = b
	case "tree":
		list, err := git("ls-tree", "-z", obj)
		if err != nil {
			return nil, err
		}
		for _, entry := range strings.Split(string(list), "\x00") {
			meta, name, ok := strings.Cut(entry, "\t")
			if !ok || !strings.HasSuffix(name, ".hcl") || len(strings.Fields(meta)) < 2 || strings.Fields(meta)[1] != "blob" {
				continue
			}
			b, err := git("show", strings.TrimSuffix(obj, "/")+"/"+name)
			if err != nil {
				return nil, err
			}
			srcs[path.Join(p, name)] = b
		}
		if len(srcs) == 0 {
			return nil, fmt.Errorf("%s holds no .hcl file", obj)
		}
	default:
		return nil, fmt.Errorf("%s is a %s, not a file or directory", obj, strings.TrimSpace(string(typ)))
	}
	return srcs, nil
}

// git runs git with args and returns its standard output; an error holds
// what it wrote on standard error.
func git(args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}
