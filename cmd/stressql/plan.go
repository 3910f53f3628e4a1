package main

import (
	"github.com/spf13/cobra"

	"github.com/stressql/stressql/planfmt"
)

type planOptions struct {
	config  configFlags
	json    bool
	noColor bool
	// shards and maxServerConns: plan --shards N (shardplan.go).
	shards         int
	maxServerConns int64
}

func newPlanCommand(g *globalOptions) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan PATH...",
		Short: "Print what would run, with every default explicit",
		Long: `Plan loads and compiles the scenario files and prints the result: for each
scenario its driver, source, timeout and expected duration; the pool
configuration with every attribute (defaults marked); each load with its
pattern, parameters, expected iterations and duration, steps and
policies; the fault timeline; the checks. The output is stable, so that
the diff of two plans shows what a change to a scenario file changes.

-json prints the compiled plan as JSON, durations as strings ("1.5s").

Exit status: 0, or 2 when the configuration is invalid.`,
		Example: `  stressql plan scenarios/redis.hcl
  stressql plan scenarios/ --filter 'pool_*' --tag exhaustion
  stressql plan -json scenarios/ | jq '.scenarios[].expected_duration'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := o.config.checkInterval("plan"); err != nil {
				return err
			}
			plan, err := compilePlan(g, &o.config, args, o.noColor)
			if err != nil {
				return err
			}
			if o.json {
				err = planfmt.JSON(g.stdout, plan)
			} else {
				err = planfmt.Text(g.stdout, plan)
			}
			if err == nil && o.shards > 0 && !o.json {
				err = writeShardConns(g, o, plan)
			}
			if err != nil {
				return writeErr("plan", err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	o.config.addVarFlags(fs)
	o.config.addIntervalFlag(fs)
	o.config.addSelectFlags(fs)
	fs.BoolVar(&o.json, "json", false, "print the plan as JSON")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	fs.IntVar(&o.shards, "shards", 0, "also print each scenario's connections per shard and in total over `N` shards, with a warning above the server's limit")
	fs.Int64Var(&o.maxServerConns, "max-server-conns", 0, "with --shards, the servers' connection limit `N` (default: PostgreSQL's 100, Redis's 10000)")
	return cmd
}
