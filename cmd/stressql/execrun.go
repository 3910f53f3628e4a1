package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/htmlreport"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/report"
	"github.com/stressql/stressql/results"
)

// executeRun runs a compiled plan, prints the report as it goes, writes
// the JSON and JUnit files, and returns the exit status.
func executeRun(ctx context.Context, g *globalOptions, o *runOptions, p *plan.Plan) error {
	targets := o.targets(g)
	servers, err := startEphemeral(ctx, g, o, p, targets)
	if err != nil {
		return err
	}
	defer servers.stop(g)

	seed := o.seed
	if seed == 0 {
		seed = randomSeed()
	}
	console := report.NewConsole(g.stdout, report.ConsoleOptions{
		NoColor:  o.noColor || g.env("NO_COLOR") != "",
		Terminal: g.stdoutTTY,
		Width:    g.width,
	})
	runID := engine.NewRunID() // known here, so a second interrupt can name the namespaces
	reg := g.registry()
	opts := engine.Options{
		Targets:        targets,
		AdminTargets:   o.adminTargets(g),
		Seed:           seed,
		RunID:          runID,
		Version:        version,
		SampleInterval: o.sampleInterval,
		Interval:       o.config.interval,
		Grace:          o.grace,
		Judge:          checks.Evaluate,
		Windows: func(sc *plan.Scenario, interval time.Duration) engine.WindowJudge {
			if w := checks.NewWindows(sc, interval); w.Len() > 0 {
				return w
			}
			return nil
		},
		Observer: observer{c: console, note: g.leftovers, leaves: func(i int, name, driver string) string {
			d := reg.Lookup(driver)
			if d == nil {
				return ""
			}
			return leftoverText(name, d, engine.Namespace(d, runID, i), targets[driver], o.targetFlag(driver))
		}},
		Servers:         servers.controls(),
		ScenarioTargets: servers.scenarioTargets(),
	}
	o.sharding.apply(&opts)
	if stop, err := preflight(ctx, g, o, p, &opts); stop {
		return err
	}
	sinks, closeSinks, err := openSinks(g, o, runID)
	if err != nil {
		return exitWith(exitFailed, err)
	}
	if o.sharding.hists != nil {
		sinks = append(sinks, o.sharding.hists)
	}
	if len(sinks) > 0 {
		opts.Series = sinks
	}
	run := engine.Run(ctx, p, opts)
	sinkErr := closeSinks()
	if err := o.sharding.finish(run, o.config.interval); err != nil && sinkErr == nil {
		sinkErr = err
	}

	writeErr := sinkErr
	if o.jsonPath != "" && writeErr == nil {
		writeErr = writeReport(o.jsonPath, run, report.WriteJSON)
	}
	if o.junitPath != "" {
		if err := writeReport(o.junitPath, run, report.WriteJUnit); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	if o.htmlPath != "" {
		if err := writeReport(o.htmlPath, run, htmlreport.Write); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	var compareErr error
	if !run.Interrupted {
		compareErr = o.baseline.compareAfterRun(g.stdout, run)
	}
	switch {
	case run.Interrupted:
		return exitWith(exitInterrupted, writeErr)
	case writeErr != nil:
		return exitWith(exitFailed, writeErr)
	case o.sharding.shard != nil && run.Summary.Errored+run.Summary.Skipped > 0:
		return exitWith(exitFailed, nil) // a shard's checks are merge's
	case o.sharding.shard == nil && run.Summary.Passed != run.Summary.Total:
		return exitWith(exitFailed, nil)
	}
	return compareErr
}

// writeReport writes one report file; a partial file is never left behind
// under the final name.
func writeReport(path string, run *results.Run, write func(w io.Writer, r *results.Run) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if err := write(f, run); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing report %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing report %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing report %s: %w", path, err)
	}
	return nil
}

// randomSeed picks a seed when --seed is not given; it is printed in the
// report so the run can be reproduced.
func randomSeed() int64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return time.Now().UnixNano()
	}
	return int64(binary.LittleEndian.Uint64(b[:]) >> 1)
}

// observer adapts the console to the engine's Observer, and keeps note
// of what the running scenario would leave behind (leaves says it).
type observer struct {
	c      *report.Console
	note   *leftoverNote
	leaves func(i int, name, driver string) string
}

func (o observer) RunStarted(n int, targets map[string]string, seed int64) {
	o.c.RunStarted(n, targets, seed)
}
func (o observer) ScenarioStarted(i, n int, name, driver string, expected time.Duration) {
	o.note.set(o.leaves(i, name, driver))
	o.c.ScenarioStarted(i, n, name, driver, expected)
}
func (o observer) Progress(p results.Progress) { o.c.Progress(p) }

// ScenarioFinished comes after the scenario's cleanup: nothing is left.
func (o observer) ScenarioFinished(s *results.ScenarioRun) {
	o.note.set("")
	o.c.ScenarioFinished(s)
}
func (o observer) RunFinished(r *results.Run) { o.c.RunFinished(r) }
