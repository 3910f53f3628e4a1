package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/runcompare"
)

// compareFlags are the thresholds of a comparison: `stressql compare` and
// `stressql run --baseline` take them.
type compareFlags struct {
	maxRegression []string
}

func (c *compareFlags) add(fs *pflag.FlagSet) {
	fs.StringSliceVar(&c.maxRegression, "max-regression", nil,
		"relative change a metric must exceed to be a verdict: `PCT` for all (default 10%), METRIC=PCT for one (p50, p95, p99, max, acquire_p99, throughput, error_rate, dropped); comma-separated or repeated")
}

func (c *compareFlags) options() (runcompare.Options, error) {
	var o runcompare.Options
	if err := o.ParseMaxRegression(c.maxRegression); err != nil {
		return o, invalid("%s", err)
	}
	return o, nil
}

type compareOptions struct {
	flags  compareFlags
	json   bool
	format string
}

func newCompareCommand(g *globalOptions) *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare BASELINE.json NEW.json",
		Short: "Compare two run reports and say what regressed",
		Long: `Compare reads two JSON reports of stressql run --json (the same schema
version) and compares, per scenario, phase and load, latency p50, p95,
p99 and max, acquire p99 (where measured), throughput, error rate and
the dropped share: the absolute and relative change and a verdict,
regressed, improved, no significant change, or not enough data.

A verdict needs a change beyond --max-regression (10% by default), above
an absolute floor (1 ms for latencies, 1/s for throughput, half a
percentage point for rates) and above the runs' own interval-to-interval
spread, and a significant two-sided Mann-Whitney U test (p < 0.05) of the
two runs' per-interval values (the report's series); with fewer than 5
intervals in a run it says "not enough data". Scenarios present in one
run only are listed. See docs/ci.md.

Exit status: 0 nothing regressed; 1 a metric regressed; 2 invalid usage
or a report that cannot be read.`,
		Example: `  stressql compare baseline.json results.json
  stressql compare baseline.json results.json --max-regression 20% --max-regression p99=30%,throughput=5%
  stressql compare baseline.json results.json --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format := o.format
			if o.json {
				if format != formatText && format != formatJSON {
					return invalid("compare: -json conflicts with --format %s", format)
				}
				format = formatJSON
			}
			switch format {
			case formatText, formatJSON, compareMarkdown:
			default:
				return invalid("compare: unknown --format %q: use text, json or markdown", format)
			}
			opts, err := o.flags.options()
			if err != nil {
				return err
			}
			base, err := runcompare.ReadFile(args[0])
			if err != nil {
				return exitWith(exitInvalid, err)
			}
			cur, err := runcompare.ReadFile(args[1])
			if err != nil {
				return exitWith(exitInvalid, err)
			}
			return compareRuns(g.stdout, format, opts, args[0], base, args[1], cur)
		},
	}
	fs := cmd.Flags()
	o.flags.add(fs)
	fs.BoolVar(&o.json, "json", false, "print the comparison as JSON on stdout (same as --format json)")
	fs.StringVar(&o.format, "format", formatText, "output `FORMAT`: text, json or markdown")
	return cmd
}

// compareMarkdown is compare's --format for a Markdown table (named apart
// from other commands' format constants).
const compareMarkdown = "markdown"

// compareRuns prints the comparison of cur with base; exit 1 when a
// metric regressed.
func compareRuns(w io.Writer, format string, opts runcompare.Options, baseFile string, base *results.Run, curFile string, cur *results.Run) error {
	r := runcompare.Compare(base, cur, opts)
	r.Baseline.File, r.New.File = baseFile, curFile
	var err error
	switch format {
	case formatJSON:
		err = runcompare.WriteJSON(w, r)
	case compareMarkdown:
		err = runcompare.WriteMarkdown(w, r)
	default:
		err = runcompare.WriteText(w, r)
	}
	if err != nil {
		return exitWith(exitFailed, fmt.Errorf("writing the comparison: %w", err))
	}
	if r.Regressed() {
		return exitWith(exitFailed, nil)
	}
	return nil
}

// baselineFlags are run's --baseline and its thresholds.
type baselineFlags struct {
	path    string
	compare compareFlags
	run     *results.Run
	opts    runcompare.Options
}

func (b *baselineFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&b.path, "baseline", "", "after the run, compare it with the JSON report `FILE` (as stressql compare; exit 1 when a metric regressed)")
	b.compare.add(fs)
}

// load reads the baseline before the run, so that a bad file stops it at
// once (exit 2).
func (b *baselineFlags) load() error {
	if b.path == "" {
		if len(b.compare.maxRegression) > 0 {
			return invalid("--max-regression needs --baseline")
		}
		return nil
	}
	opts, err := b.compare.options()
	if err != nil {
		return err
	}
	run, err := runcompare.ReadFile(b.path)
	if err != nil {
		return exitWith(exitInvalid, fmt.Errorf("--baseline: %w", err))
	}
	b.run, b.opts = run, opts
	return nil
}

// compareAfterRun prints the comparison with the baseline after the run;
// nil without --baseline or when nothing regressed.
func (b *baselineFlags) compareAfterRun(w io.Writer, run *results.Run) error {
	if b.run == nil {
		return nil
	}
	fmt.Fprintf(w, "\ncompared with the baseline %s:\n", b.path)
	return compareRuns(w, formatText, b.opts, b.path, b.run, "this run", run)
}
