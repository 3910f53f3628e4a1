package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/stressql/stressql/hlog"
	"github.com/stressql/stressql/promexport"
	"github.com/stressql/stressql/series"
)

// metricsShutdown bounds the metrics endpoint's shutdown at the end of a
// run (a scrape in progress finishes).
const metricsShutdown = 2 * time.Second

// openSinks starts what receives the run's series as it goes: the
// metrics endpoint (--metrics-addr) and the HDR interval log (--hlog).
// closeSinks stops them and returns the first error.
func openSinks(g *globalOptions, o *runOptions, runID string) (sinks series.Tee, closeSinks func() error, err error) {
	var closers []func() error
	closeSinks = func() error {
		var first error
		for _, c := range closers {
			if err := c(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	if o.metricsAddr != "" {
		exp := promexport.New(runID)
		addr, err := exp.Serve(o.metricsAddr)
		if err != nil {
			return nil, closeSinks, fmt.Errorf("--metrics-addr %s: %w", o.metricsAddr, err)
		}
		fmt.Fprintf(g.stderr, "live metrics at http://%s/metrics\n", addr)
		sinks = append(sinks, exp)
		closers = append(closers, func() error {
			ctx, cancel := context.WithTimeout(context.Background(), metricsShutdown)
			defer cancel()
			if err := exp.Shutdown(ctx); err != nil {
				return fmt.Errorf("stop the metrics endpoint: %w", err)
			}
			return nil
		})
	}
	if o.hlogPath != "" {
		f, err := os.Create(o.hlogPath)
		if err != nil {
			closeSinks()
			return nil, func() error { return nil }, fmt.Errorf("--hlog: %w", err)
		}
		lw := hlog.New(f, time.Now())
		sinks = append(sinks, lw)
		closers = append(closers, func() error {
			err := lw.Close()
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("writing the interval log %s: %w", o.hlogPath, err)
			}
			return nil
		})
	}
	return sinks, closeSinks, nil
}
