package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/stressql/stressql/interp"
	"github.com/stressql/stressql/interp/engine"
	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/report"
	"github.com/stressql/stressql/results"
)

// executeRun runs a compiled plan, prints the report as it goes, writes
// the JSON and JUnit files, and returns the exit status.
func executeRun(ctx context.Context, g *globalOptions, o *runOptions, plan *interp.Plan) error {
	targets := o.targets(g)
	preflight(g, o, plan, targets)

	seed := o.seed
	if seed == 0 {
		seed = randomSeed()
	}
	console := report.NewConsole(g.stdout, report.ConsoleOptions{
		NoColor:  o.noColor || g.env("NO_COLOR") != "",
		Terminal: g.stdoutTTY,
		Width:    g.width,
	})
	run := engine.Run(ctx, plan, engine.Options{
		Targets:        targets,
		Seed:           seed,
		Version:        version,
		SampleInterval: o.sampleInterval,
		Grace:          o.grace,
		Observer:       observer{console},
	})

	var writeErr error
	if o.jsonPath != "" {
		writeErr = writeReport(o.jsonPath, run, report.WriteJSON)
	}
	if o.junitPath != "" {
		if err := writeReport(o.junitPath, run, report.WriteJUnit); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	switch {
	case run.Interrupted:
		return exitWith(exitInterrupted, writeErr)
	case writeErr != nil:
		return exitWith(exitFailed, writeErr)
	case run.Summary.Passed != run.Summary.Total:
		return exitWith(exitFailed, nil)
	}
	return nil
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

// preflight tells the user, before anything runs, when a target the plan
// needs does not answer, and exactly what to do about it. The run still
// goes on: every scenario of that driver then records the failures.
func preflight(g *globalOptions, o *runOptions, plan *interp.Plan, targets map[string]string) {
	needed := map[string]bool{}
	for _, sc := range plan.Scenarios {
		needed[sc.Driver] = true
	}
	for _, driver := range []string{"postgres", "redis"} {
		if !needed[driver] {
			continue
		}
		addr, err := hostPort(targets[driver], driver)
		if err != nil {
			fmt.Fprintf(g.stderr, "Warning: %s target %s: %v\n", driver, redact.Target(targets[driver]), err)
			continue
		}
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err == nil {
			c.Close()
			continue
		}
		flag, env := "--"+driver, "STRESSQL_"+map[string]string{"postgres": "POSTGRES", "redis": "REDIS"}[driver]+"_URL"
		fmt.Fprintf(g.stderr, "Warning: nothing answers at %s (%s: %v).\n", addr, driver, err)
		if (driver == "postgres" && o.postgres == "" || driver == "redis" && o.redis == "") && g.env(env) == "" {
			fmt.Fprintf(g.stderr, "  Start the local servers with `bash scripts/ensure-servers.sh` (it starts PostgreSQL 15\n"+
				"  and installs/starts Redis on 127.0.0.1), or point %s / %s at a running server.\n", flag, env)
		} else {
			fmt.Fprintf(g.stderr, "  Check that the server named by %s / %s is running and reachable.\n", flag, env)
		}
		fmt.Fprintf(g.stderr, "  The %s scenarios will run and record the connection errors.\n", driver)
	}
}

// hostPort extracts host:port from a target URL, with the driver's
// default port.
func hostPort(raw, driver string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("not a URL")
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"postgres": "5432", "redis": "6379"}[driver]
	}
	host := u.Hostname()
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
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

// observer adapts the console to the engine's Observer.
type observer struct{ c *report.Console }

func (o observer) RunStarted(n int, targets map[string]string, seed int64) {
	o.c.RunStarted(n, targets, seed)
}
func (o observer) ScenarioStarted(i, n int, name, driver string, expected time.Duration) {
	o.c.ScenarioStarted(i, n, name, driver, expected)
}
func (o observer) Progress(p engine.Progress)              { o.c.Progress(report.Progress(p)) }
func (o observer) ScenarioFinished(s *results.ScenarioRun) { o.c.ScenarioFinished(s) }
func (o observer) RunFinished(r *results.Run)              { o.c.RunFinished(r) }
