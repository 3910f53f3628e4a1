package main

import (
	"github.com/spf13/cobra"
)

// newRootCommand builds the command tree.
func newRootCommand(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "stressql",
		Short: "Stress-test PostgreSQL and Redis connection pools from HCL scenarios",
		Long: `stressql runs declarative HCL stress-test scenarios against real PostgreSQL
and Redis connection pools, records latencies, samples the pool, the server
and the process while running, and evaluates the scenarios' checks.

The scenario language is described in docs/dsl.md.

Exit codes: 0 success; 1 a check failed or a scenario errored (fmt -check:
files would change); 2 invalid configuration or usage; 130 interrupted.
Long flags may be written with one dash or two: -json is --json.`,
		Example: `  stressql validate scenarios/
  stressql plan scenarios/redis.hcl
  stressql run scenarios/ --filter 'redis_*' --tag exhaustion --junit out.xml`,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) {
		if cmd.Name() != "run" && g.releaseSignals != nil {
			g.releaseSignals()
		}
	}
	root.SetIn(g.stdin)
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	// Flag errors are usage errors: returned as they are, they exit 2.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return err })

	root.AddCommand(
		newRunCommand(g),
		newValidateCommand(g),
		newFmtCommand(g),
		newPlanCommand(g),
		newDiffCommand(g),
		newListCommand(g),
		newCleanCommand(g),
		newCompareCommand(g),
		newReportCommand(g),
		newVersionCommand(g),
		newMergeCommand(g),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = `  stressql completion bash > /etc/bash_completion.d/stressql
  stressql completion zsh > "${fpath[1]}/_stressql"
  stressql completion fish > ~/.config/fish/completions/stressql.fish`
		}
	}
	return root
}
