package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/engine"
)

func main() { os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr)) }

func realMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workload := fs.String("workload", "redis-ping", "one of: "+strings.Join(workloadNames(), ", "))
	duration := fs.Duration("duration", 10*time.Second, "how long the load runs")
	conns := fs.Int("conns", 0, "workers and connections (0: the workload's default)")
	rate := fs.Float64("rate", 10000, "iterations per second of the open-model workloads")
	acquireTimeout := fs.Duration("acquire-timeout", postgres.DefaultConfig().AcquireTimeout,
		"pool acquire_timeout of the postgres workloads (0: none, which the language does not allow: a what-if)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile, taken halfway through the load, to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	mk, ok := workloads[*workload]
	if !ok {
		fmt.Fprintf(stderr, "profile: unknown workload %q (want one of %s)\n", *workload, strings.Join(workloadNames(), ", "))
		return 2
	}
	plan := mk(params{duration: *duration, conns: *conns, rate: *rate, acquireTimeout: *acquireTimeout})

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "profile: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "profile: start CPU profile: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	heapErr := make(chan error, 1)
	if *memprofile != "" {
		// Halfway, the recorders and pools are live; after the run they
		// are gone.
		t := time.AfterFunc(*duration/2, func() { heapErr <- writeHeap(*memprofile) })
		defer t.Stop()
	}
	run := engine.Run(ctx, plan, engine.Options{Targets: targetsFromEnv(), Seed: 1, Judge: checks.Evaluate})
	if *memprofile != "" {
		if err := <-heapErr; err != nil {
			fmt.Fprintf(stderr, "profile: %v\n", err)
			return 1
		}
	}
	for _, sc := range run.Scenarios {
		fmt.Fprintf(stdout, "%s: %s", sc.Name, sc.Status)
		for _, e := range sc.Errors {
			fmt.Fprintf(stdout, "; %s", e)
		}
		fmt.Fprintln(stdout)
		if sc.Result == nil {
			continue
		}
		for name, r := range sc.Result.Loads {
			fmt.Fprintf(stdout, "  load %s: %d ok, %d failed, %d dropped, %.0f ops/s, p50 %.3f ms, p99 %.3f ms\n",
				name, r.Ops.OK, r.Ops.Failed, r.Ops.Dropped, r.Throughput, r.Latency.P50, r.Latency.P99)
		}
	}
	if run.Summary.Passed != run.Summary.Total {
		return 1
	}
	return 0
}

// writeHeap writes a heap profile after a GC, so that it shows what is
// live.
func writeHeap(path string) error {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		return fmt.Errorf("write heap profile: %w", err)
	}
	return nil
}

// targetsFromEnv honours STRESSQL_POSTGRES_URL and STRESSQL_REDIS_URL.
func targetsFromEnv() map[string]string {
	t := map[string]string{
		"postgres": "postgres://stressql:stressql@127.0.0.1:5432/stressql",
		"redis":    "redis://127.0.0.1:6379/0",
	}
	if u := os.Getenv("STRESSQL_POSTGRES_URL"); u != "" {
		t["postgres"] = u
	}
	if u := os.Getenv("STRESSQL_REDIS_URL"); u != "" {
		t["redis"] = u
	}
	return t
}

func workloadNames() []string {
	names := make([]string, 0, len(workloads))
	for n := range workloads {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
