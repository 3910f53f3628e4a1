package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/stressql/stressql/results"
)

// stressql runs the real binary as a child process.
type stressql struct {
	bin       string // path of the built binary
	root      string // the module root: the working directory of runs
	scenarios string // bench/scenarios
	tmp       string // where reports go
	// buildErr is why there is no binary; every run then fails with it.
	buildErr error
	// peakRSS has every run measure the child's peak RSS (command.peakRSS);
	// the memory group sets it on its own copy.
	peakRSS bool
	// started is passed to every run's command (command.started); the
	// side-by-side rows set it on their own copy.
	started func(pid int)
}

// buildStressql builds ./cmd/stressql of the module at root into dir.
func buildStressql(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "stressql")
	res, err := command{name: "go", args: []string{"build", "-o", bin, "./cmd/stressql"},
		dir: root, timeout: 5 * time.Minute}.run(ctx)
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/stressql: %w", err)
	}
	if res.ExitCode != 0 {
		return "", fmt.Errorf("go build ./cmd/stressql: %s", tail(res.Stderr, 10))
	}
	return bin, nil
}

// benchFile holds the scenarios of bench/scenarios.
const benchFile = "bench.hcl"

// run is `stressql run bench.hcl --filter SCENARIO --json REPORT --var
// k=v...`; it returns the parsed report and the child's usage. A scenario
// that did not pass (it errored, or a check failed) is an error: its
// numbers would not be comparable.
func (s stressql) run(ctx context.Context, scenario string, timeout time.Duration, vars map[string]string) (*results.Run, childResult, error) {
	return s.runArgs(ctx, scenario, timeout, vars, nil)
}

// runArgs is run with extra command-line arguments (flags such as
// --metrics-addr).
func (s stressql) runArgs(ctx context.Context, scenario string, timeout time.Duration, vars map[string]string, extra []string) (*results.Run, childResult, error) {
	args := append([]string{filepath.Join(s.scenarios, benchFile), "--filter", scenario}, extra...)
	return s.runPaths(ctx, args, timeout, vars, true)
}

// runPaths runs stressql with args (paths, and flags such as --filter);
// strict makes any scenario that did not pass an error.
func (s stressql) runPaths(ctx context.Context, paths []string, timeout time.Duration, vars map[string]string, strict bool) (*results.Run, childResult, error) {
	if s.buildErr != nil {
		return nil, childResult{}, s.buildErr
	}
	f, err := os.CreateTemp(s.tmp, "report-*.json")
	if err != nil {
		return nil, childResult{}, err
	}
	report := f.Name()
	f.Close()
	defer os.Remove(report)
	args := append([]string{"run"}, paths...)
	args = append(args, "--json", report, "--no-color")
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		args = append(args, "--var", k+"="+vars[k])
	}
	res, err := command{name: s.bin, args: args, dir: s.root, timeout: timeout, peakRSS: s.peakRSS, started: s.started}.run(ctx)
	if err != nil {
		return nil, res, fmt.Errorf("stressql %s: %w", strings.Join(args[:len(paths)+1], " "), err)
	}
	run, err := readReport(report)
	if err != nil {
		return nil, res, fmt.Errorf("stressql run exited %d: %w: %s", res.ExitCode, err, tail(res.Stderr, 5))
	}
	if strict {
		for _, sc := range run.Scenarios {
			if sc.Status != results.StatusPass {
				return run, res, fmt.Errorf("scenario %s: %s: %s", sc.Name, sc.Status, strings.Join(sc.Errors, "; "))
			}
		}
	}
	return run, res, nil
}

// readReport parses a `run --json` report.
func readReport(path string) (*results.Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	var run results.Run
	if err := json.Unmarshal(b, &run); err != nil {
		return nil, fmt.Errorf("parse report %s: %w", path, err)
	}
	return &run, nil
}

// loadResult returns the results of load in the only scenario of run.
func loadResult(run *results.Run, load string) (*results.ScenarioRun, *results.Result, error) {
	if len(run.Scenarios) != 1 {
		return nil, nil, fmt.Errorf("report has %d scenarios, want 1", len(run.Scenarios))
	}
	sc := run.Scenarios[0]
	if sc.Result == nil {
		return sc, nil, fmt.Errorf("scenario %s has no results", sc.Name)
	}
	r := sc.Result.Loads[load]
	if r == nil {
		return sc, nil, fmt.Errorf("scenario %s has no load %q in its results", sc.Name, load)
	}
	return sc, r, nil
}

// sampleOf turns a load's results and the child's usage into a sample.
func sampleOf(r *results.Result, res childResult) sample {
	s := sample{
		OK: r.Ops.OK, Failed: r.Ops.Failed, Throughput: r.Throughput,
		Elapsed: time.Duration(r.Duration * float64(time.Millisecond)), CPU: res.CPU,
	}
	if r.Latency.Count > 0 {
		s.P50, s.P99 = r.Latency.P50, r.Latency.P99
	}
	return s
}
