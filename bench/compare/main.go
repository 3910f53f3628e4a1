package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// report is the JSON written with -out.
type report struct {
	StartedAt time.Time `json:"started_at"`
	Machine   machine   `json:"machine"`
	Settings  settings  `json:"settings"`
	Rows      []Row     `json:"rows"`
}

type settings struct {
	Duration     string   `json:"duration"`
	RateDuration string   `json:"rate_duration"`
	Runs         int      `json:"runs"`
	Full         bool     `json:"full"`
	Groups       []string `json:"groups"`
}

// Measurement groups, selectable with -only.
var allGroups = []string{"throughput", "sidebyside", "rate", "cost", "scaling", "memory", "validate"}

func main() { os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr)) }

// realMain runs the comparison. It returns 0 whatever the verdicts (a
// MISS is a finding, not a failure), 2 for bad usage and 1 when it could
// not run at all.
func realMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 10*time.Second, "length of each throughput run")
	rateDuration := fs.Duration("rate-duration", 5*time.Second, "length of each open-model accuracy run")
	runs := fs.Int("runs", 1, "runs per throughput contender and per memory run (interleaved; the median is reported)")
	full := fs.Bool("full", false, "also measure the peak RSS of `stressql run scenarios/` (about 2 minutes)")
	out := fs.String("out", "bench/results.json", "where to write the JSON results (\"\" for none)")
	bin := fs.String("stressql", "", "a stressql binary to use instead of building ./cmd/stressql")
	only := fs.String("only", strings.Join(allGroups, ","), "comma-separated groups to measure: "+strings.Join(allGroups, ","))
	if err := fs.Parse(args); err != nil {
		return 2
	}
	groups := strings.Split(*only, ",")
	for _, g := range groups {
		if !slices.Contains(allGroups, g) {
			fmt.Fprintf(stderr, "compare: unknown group %q in -only (want %s)\n", g, strings.Join(allGroups, ","))
			return 2
		}
	}
	if *duration <= 0 || *rateDuration <= 0 || *runs < 1 {
		fmt.Fprintln(stderr, "compare: -duration and -rate-duration must be positive and -runs at least 1")
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, cleanup, err := setup(ctx, *bin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "compare: %v\n", err)
		return 1
	}
	defer cleanup()
	b.duration, b.rateDuration, b.runs, b.full = *duration, *rateDuration, *runs, *full

	rep := report{
		StartedAt: time.Now(),
		Machine:   describeMachine(ctx, b.targets),
		Settings: settings{Duration: duration.String(), RateDuration: rateDuration.String(),
			Runs: *runs, Full: *full, Groups: groups},
	}
	b.logf("machine: %d CPUs, %d MB, %s, postgres %s, redis %s, load average %s", rep.Machine.CPUs,
		rep.Machine.MemTotalMB, rep.Machine.GoVersion, rep.Machine.Postgres, rep.Machine.Redis, rep.Machine.LoadAvgStart)
	runStart := readCPUTimes()
	for _, g := range groups {
		groupStart := readCPUTimes()
		switch g {
		case "throughput":
			rep.Rows = append(rep.Rows, b.measureThroughput(ctx)...)
		case "sidebyside":
			rep.Rows = append(rep.Rows, b.measureSideBySide(ctx)...)
		case "rate":
			rep.Rows = append(rep.Rows, b.measureRates(ctx)...)
		case "cost":
			rep.Rows = append(rep.Rows, b.measureCost(ctx)...)
		case "scaling":
			rep.Rows = append(rep.Rows, b.measureScaling(ctx)...)
		case "memory":
			rep.Rows = append(rep.Rows, b.measureMemory(ctx)...)
		case "validate":
			rep.Rows = append(rep.Rows, b.measureValidate(ctx))
		}
		if pct, ok := stealPct(groupStart, readCPUTimes()); ok {
			if rep.Machine.StealPctByGroup == nil {
				rep.Machine.StealPctByGroup = map[string]float64{}
			}
			rep.Machine.StealPctByGroup[g] = pct
			b.logf("group %s: %.1f %% of the CPU time stolen by the hypervisor", g, pct)
		}
	}
	rep.Machine.LoadAvgEnd = loadAvg()
	steal := ""
	if pct, ok := stealPct(runStart, readCPUTimes()); ok {
		rep.Machine.StealPct = &pct
		steal = fmt.Sprintf(", CPU steal %.1f %% over the run", pct)
	}
	fmt.Fprintf(stdout, "\n%d CPUs, %s, load average %s at the start, %s at the end%s\n",
		rep.Machine.CPUs, rep.Machine.GoVersion, rep.Machine.LoadAvgStart, rep.Machine.LoadAvgEnd, steal)
	if err := printTable(stdout, rep.Rows); err != nil {
		fmt.Fprintf(stderr, "compare: %v\n", err)
		return 1
	}
	if *out != "" {
		if err := writeJSON(*out, rep); err != nil {
			fmt.Fprintf(stderr, "compare: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nwrote %s\n", *out)
	}
	if ctx.Err() != nil {
		return 130
	}
	return 0
}

// setup finds the module root, builds stressql unless bin is given, and
// makes a temporary directory for reports.
func setup(ctx context.Context, bin string, log io.Writer) (*bench, func(), error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "stressql-compare-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { _ = os.RemoveAll(tmp) }
	b := &bench{targets: targetsFromEnv(), log: log}
	b.sq = stressql{root: root, scenarios: filepath.Join(root, "bench", "scenarios"), tmp: tmp}
	switch {
	case bin != "":
		if b.sq.bin, err = filepath.Abs(bin); err != nil {
			cleanup()
			return nil, nil, err
		}
	default:
		// Without a binary the stressql rows are errors, and the others
		// are still measured.
		b.logf("building ./cmd/stressql")
		if b.sq.bin, err = buildStressql(ctx, root, tmp); err != nil {
			b.sq.buildErr = err
			b.logf("%v", err)
		}
	}
	return b, cleanup, nil
}

// moduleRoot walks up from the working directory to the go.mod of the
// stressql module.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/stressql/stressql\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the stressql module: run from its checkout")
		}
		dir = parent
	}
}

func writeJSON(path string, rep report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}
