package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Validate targets.
const (
	validateRuns     = 5
	validateTargetMs = 200.0
)

// measureValidate times `stressql validate scenarios/` (the whole
// process: start, parse, compile, exit), the median of validateRuns.
func (b *bench) measureValidate(ctx context.Context) Row {
	row := Row{Group: "static", Name: "stressql validate scenarios/ (median of 5)", Unit: "ms",
		Target: &Target{Of: OfValue, Op: "<", Bound: validateTargetMs}}
	if b.sq.buildErr != nil {
		row.fail(b.sq.buildErr)
		return finished(row)
	}
	var times []time.Duration
	for range validateRuns {
		res, err := command{name: b.sq.bin, args: []string{"validate", seedScenariosDir},
			dir: b.sq.root, timeout: time.Minute}.run(ctx)
		if err != nil {
			row.fail(err)
			return finished(row)
		}
		if res.ExitCode != 0 {
			row.fail(fmt.Errorf("validate exited %d: %s", res.ExitCode, tail(res.Stderr, 3)))
			return finished(row)
		}
		times = append(times, res.Elapsed)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	ms := float64(times[len(times)/2]) / float64(time.Millisecond)
	row.Stressql = ptr(ms)
	row.note("runs: %v", times)
	if n, err := b.countScenarios(ctx); err == nil {
		row.note("%d scenarios", n)
	} else {
		row.note("scenario count unknown: %v", err)
	}
	b.logf("%s: %.1f ms", row.Name, ms)
	return finished(row)
}

// countScenarios asks `stressql list --json` how many scenarios the seed
// suite has.
func (b *bench) countScenarios(ctx context.Context) (int, error) {
	res, err := command{name: b.sq.bin, args: []string{"list", seedScenariosDir, "--json"},
		dir: b.sq.root, timeout: time.Minute}.run(ctx)
	if err != nil {
		return 0, err
	}
	if res.ExitCode != 0 {
		return 0, fmt.Errorf("list exited %d", res.ExitCode)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(res.Stdout, &list); err != nil {
		return 0, fmt.Errorf("parse list --json: %w", err)
	}
	return len(list), nil
}
