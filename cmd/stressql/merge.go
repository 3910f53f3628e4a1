package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/report"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/shard"
)

type mergeOptions struct {
	config    configFlags
	planPaths []string
	outPath   string
	junitPath string
	noColor   bool
}

func newMergeCommand(g *globalOptions) *cobra.Command {
	o := &mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge --plan PATH... SHARD.json|DIR...",
		Short: "Merge the reports of a sharded run and evaluate its checks once",
		Long: `Merge reads the JSON reports of every shard of one test (stressql run
--shard I/N --json FILE), checks that they are the shards of one plan
(the same plan hash and count, every index once), merges them into the
report of the whole test (counters add up, histograms merge exactly,
series interval by interval, connection gauges add up: docs/sharding.md
states each rule), and evaluates every check once, over the merged
results.

The checks come from the scenario files: give the same files (--plan) and
the same --var, --var-file, --filter and --tag as the shards ran; merge
compiles them and refuses files that make another plan than the shards'.

Exit status: 0 all checks passed; 1 a check failed or a scenario errored
on some shard; 2 invalid usage, or reports that are not the shards of
one plan; 130 if a shard was interrupted.`,
		Example: `  stressql merge --plan scenarios/ shard-*.json -o merged.json --junit merged.xml`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(g, o, args)
		},
	}
	fs := cmd.Flags()
	o.config.addVarFlags(fs)
	o.config.addSelectFlags(fs)
	fs.StringArrayVar(&o.planPaths, "plan", nil, "the scenario `PATH` the shards ran (repeatable): the checks come from it")
	fs.StringVarP(&o.outPath, "output", "o", "", "write the merged report as JSON to `FILE`")
	fs.StringVar(&o.junitPath, "junit", "", "also write the merged report as JUnit XML to `FILE`")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	return cmd
}

func runMerge(g *globalOptions, o *mergeOptions, paths []string) error {
	if len(o.planPaths) == 0 {
		return invalid("merge needs --plan PATH: the scenario files the shards ran, whose checks it evaluates")
	}
	paths, err := shardFiles(paths)
	if err != nil {
		return invalid("%v", err)
	}
	runs, err := readShardReports(paths)
	if err != nil {
		return invalid("%v", err)
	}
	if runs[0].Shard == nil {
		return invalid("%s is not a shard's report (no shard object): run it with --shard", paths[0])
	}
	o.config.interval = time.Duration(runs[0].Shard.IntervalMs * float64(time.Millisecond))
	if o.config.interval <= 0 {
		o.config.interval = time.Second
	}
	p, err := compilePlan(g, &o.config, o.planPaths, o.noColor)
	if err != nil {
		return err
	}
	hash, err := planHash(p)
	if err != nil {
		return err
	}
	if hash != runs[0].Shard.PlanHash {
		return invalid("the scenario files given to --plan (with these --var, --filter and --tag) compile to another plan than the shards ran (plan hash %.12s…, theirs %.12s…): give the files and flags the shards had", hash, runs[0].Shard.PlanHash)
	}
	windowed := map[string]bool{}
	for _, sc := range p.Scenarios {
		for _, c := range sc.Checks {
			windowed[sc.Name] = windowed[sc.Name] || c.Window > 0
		}
	}
	merged, err := shard.Merge(runs, func(name string) bool { return windowed[name] })
	if err != nil {
		return invalid("%v", err)
	}
	if err := Evaluate(p, merged, o.config.interval); err != nil {
		return exitWith(exitFailed, err)
	}
	console := report.NewConsole(g.stdout, report.ConsoleOptions{
		NoColor:  o.noColor || g.env("NO_COLOR") != "",
		Terminal: g.stdoutTTY,
		Width:    g.width,
	})
	console.RunStarted(len(merged.Scenarios), merged.Targets, merged.Seed)
	for i, sr := range merged.Scenarios {
		console.ScenarioStarted(i+1, len(merged.Scenarios), sr.Name, sr.Driver, time.Duration(sr.ExpectedMs*float64(time.Millisecond)))
		console.ScenarioFinished(sr)
	}
	console.RunFinished(merged)

	for _, path := range []string{o.outPath, o.junitPath} {
		if path != "" {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return exitWith(exitFailed, err)
			}
		}
	}
	var writeErr error
	if o.outPath != "" {
		writeErr = writeReport(o.outPath, merged, report.WriteJSON)
	}
	if o.junitPath != "" {
		if err := writeReport(o.junitPath, merged, report.WriteJUnit); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	switch {
	case merged.Interrupted:
		return exitWith(exitInterrupted, writeErr)
	case writeErr != nil:
		return exitWith(exitFailed, writeErr)
	case merged.Summary.Passed != merged.Summary.Total:
		return exitWith(exitFailed, nil)
	}
	return nil
}

// Evaluate evaluates the checks of the merged run's scenarios, the
// windowed ones over the merged series, and sets the statuses.
func Evaluate(p *plan.Plan, merged *results.Run, interval time.Duration) error {
	if len(p.Scenarios) != len(merged.Scenarios) {
		return fmt.Errorf("the plan has %d scenarios, the shards ran %d", len(p.Scenarios), len(merged.Scenarios))
	}
	for i, sc := range p.Scenarios {
		sr := merged.Scenarios[i]
		if sr.Status == results.StatusSkipped {
			continue
		}
		w := checks.NewWindows(sc, interval)
		if w.Len() > 0 {
			if err := shard.Replay(sr, i+1, w); err != nil {
				return err
			}
		}
		sr.Checks = checks.EvaluateAll(sc, sr.Result, w)
	}
	shard.Finish(merged)
	return nil
}

// shardFiles expands each directory of paths into the .json files
// directly in it (in name order): a Job's shared volume, where no shell
// expands a glob.
func shardFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("read shard report: %w", err)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		es, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("read shard reports: %w", err)
		}
		n := len(out)
		for _, e := range es {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
				out = append(out, filepath.Join(p, e.Name()))
			}
		}
		if len(out) == n {
			return nil, fmt.Errorf("%s has no .json shard report", p)
		}
	}
	return out, nil
}

func readShardReports(paths []string) ([]*results.Run, error) {
	datas := make([][]byte, len(paths))
	for i, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read shard report: %w", err)
		}
		datas[i] = b
	}
	runs, err := shard.Decode(datas)
	if err != nil {
		return nil, fmt.Errorf("a shard report is not a stressql JSON report: %w", err)
	}
	for i, r := range runs {
		if r.SchemaVersion != results.SchemaVersion {
			return nil, fmt.Errorf("%s has schema_version %d; this stressql reads %d", paths[i], r.SchemaVersion, results.SchemaVersion)
		}
	}
	return runs, nil
}
