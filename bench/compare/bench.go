package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// bench holds what every measurement needs.
type bench struct {
	targets targets
	sq      stressql
	// duration is each throughput run's; rateDuration each open-model
	// run's.
	duration, rateDuration time.Duration
	// runs is how many times each throughput contender runs; the median
	// is reported.
	runs int
	full bool
	log  io.Writer
	// ceiling is the bare go-redis PING throughput at 50 connections, once
	// measured: the most this machine sustains, to tell whether an open
	// model's target rate is one the server can keep up with.
	ceiling float64
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// contender is one way of running a workload for d.
type contender struct {
	name string
	run  func(ctx context.Context, d time.Duration) (sample, error)
}

// stressqlContender runs load of a bench/scenarios scenario through the
// real binary, with connsVar (the variable of its workers and
// connections) set to conns.
func (b *bench) stressqlContender(scenario, load, connsVar string, conns int) contender {
	return b.stressqlContenderArgs(scenario, load, connsVar, conns, nil)
}

// stressqlContenderArgs is stressqlContender with, when args is not nil,
// extra command-line arguments made afresh for every run (a free port, a
// new file) and a check of the finished child (that what they turned on
// did run); a failed check makes the run an error.
func (b *bench) stressqlContenderArgs(scenario, load, connsVar string, conns int, args runArgs) contender {
	return contender{name: "stressql", run: func(ctx context.Context, d time.Duration) (sample, error) {
		vars := map[string]string{"duration": hclString(d.String()), connsVar: fmt.Sprint(conns)}
		var extra []string
		var check func(childResult) error
		if args != nil {
			extra, check = args(d)
		}
		run, res, err := b.sq.runArgs(ctx, scenario, 2*d+2*time.Minute, vars, extra)
		if check != nil {
			if cerr := check(res); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return sample{}, err
		}
		_, r, err := loadResult(run, load)
		if err != nil {
			return sample{}, err
		}
		return sampleOf(r, res), nil
	}}
}

// hclString quotes s as an HCL string for --var.
func hclString(s string) string { return fmt.Sprintf("%q", s) }
