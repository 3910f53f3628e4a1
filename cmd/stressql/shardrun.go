package main

import (
	"io"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/planfmt"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/shard"
)

// Environment variables a sharded run reads with --shard-from-env.
var shardIndexEnv = []string{"JOB_COMPLETION_INDEX", "NOMAD_ALLOC_INDEX"}

const shardCountEnv = "STRESSQL_SHARDS"

// shardFlags are run's flags for sharded runs (docs/sharding.md).
type shardFlags struct {
	spec      string
	fromEnv   bool
	count     int
	startAt   string
	gap       time.Duration
	tolerance time.Duration

	// Set by resolve.
	shard    *shard.Spec
	planHash string
	at       time.Time
	hists    *shard.SeriesHistograms
}

func (f *shardFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.spec, "shard", "", "run shard `I/N` of the test (I from 0 to N-1): an exact share of every load; checks are left to `stressql merge`")
	fs.BoolVar(&f.fromEnv, "shard-from-env", false, "take the shard index from $JOB_COMPLETION_INDEX or $NOMAD_ALLOC_INDEX, the count from --shards or $"+shardCountEnv)
	fs.IntVar(&f.count, "shards", 0, "the shard count for --shard-from-env (default $"+shardCountEnv+")")
	fs.StringVar(&f.startAt, "start-at", "", "start barrier: start the first scenario at `TIME` (RFC 3339), each later one at TIME + the planned durations before it + --start-gap each")
	fs.DurationVar(&f.gap, "start-gap", 10*time.Second, "with --start-at, the time added after each scenario's planned duration for its setup and teardown")
	fs.DurationVar(&f.tolerance, "start-tolerance", time.Second, "with --start-at, how late a scenario may reach its start instant; later, it errors instead of running")
}

// resolve checks the flags and, for a sharded run, replaces p by the
// shard's plan.
func (f *shardFlags) resolve(g *globalOptions, o *runOptions, p *plan.Plan) (*plan.Plan, error) {
	if f.startAt != "" {
		at, err := time.Parse(time.RFC3339Nano, f.startAt)
		if err != nil {
			return nil, invalid("--start-at %q: want an RFC 3339 time such as 2026-11-26T10:00:00Z", f.startAt)
		}
		f.at = at
	}
	if f.gap < 0 || f.tolerance < 0 {
		return nil, invalid("--start-gap and --start-tolerance must not be negative")
	}
	var spec shard.Spec
	switch {
	case f.spec != "" && f.fromEnv:
		return nil, invalid("give --shard or --shard-from-env, not both")
	case f.spec != "":
		s, err := shard.Parse(f.spec)
		if err != nil {
			return nil, invalid("%v", err)
		}
		spec = s
	case f.fromEnv:
		idxText, from := "", ""
		for _, name := range shardIndexEnv {
			if v := g.env(name); v != "" {
				idxText, from = v, name
				break
			}
		}
		if idxText == "" {
			return nil, invalid("--shard-from-env: neither JOB_COMPLETION_INDEX nor NOMAD_ALLOC_INDEX is set")
		}
		idx, err := strconv.Atoi(idxText)
		if err != nil {
			return nil, invalid("--shard-from-env: $%s is %q, not a whole number", from, idxText)
		}
		n := f.count
		if n == 0 {
			if v := g.env(shardCountEnv); v != "" {
				if n, err = strconv.Atoi(v); err != nil {
					return nil, invalid("--shard-from-env: $%s is %q, not a whole number", shardCountEnv, v)
				}
			}
		}
		if n == 0 {
			return nil, invalid("--shard-from-env needs the shard count: --shards N or $%s", shardCountEnv)
		}
		if spec, err = shard.Make(idx, n); err != nil {
			return nil, invalid("--shard-from-env: %v", err)
		}
	default:
		if f.count != 0 {
			return nil, invalid("--shards is the count for --shard-from-env; give --shard I/N otherwise")
		}
		return p, nil
	}
	if o.jsonPath == "" {
		return nil, invalid("a sharded run needs --json FILE: its report is what `stressql merge` reads")
	}
	hash, err := planHash(p)
	if err != nil {
		return nil, err
	}
	sp, err := shard.Split(p, spec)
	if err != nil {
		return nil, invalid("%v", err)
	}
	f.shard, f.planHash = &spec, hash
	return sp, nil
}

// planHash is shard.PlanHash of p's `plan -json`.
func planHash(p *plan.Plan) (string, error) {
	return shard.PlanHash(func(w io.Writer) error { return planfmt.JSON(w, p) })
}

// apply sets the engine options of a sharded run or one with a barrier.
func (f *shardFlags) apply(opts *engine.Options) {
	if !f.at.IsZero() {
		opts.StartAt, opts.StartGap, opts.StartTolerance = f.at, f.gap, f.tolerance
	}
	if f.shard == nil {
		return
	}
	opts.DeferChecks, opts.PartHistograms = true, true
	opts.Judge, opts.Windows = nil, nil
	f.hists = shard.NewSeriesHistograms()
}

// finish records the shard in its report.
func (f *shardFlags) finish(run *results.Run, interval time.Duration) error {
	if f.shard == nil {
		return nil
	}
	idx := f.shard.Index
	run.Shard = &results.Shard{Index: &idx, Count: f.shard.Count, PlanHash: f.planHash,
		IntervalMs: float64(interval) / float64(time.Millisecond), Merged: []string{}}
	if !f.at.IsZero() {
		at := f.at
		run.Shard.StartAt = &at
	}
	return f.hists.Attach(run)
}
