package main

import (
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stressql/stressql/interp"
)

// Default targets, used when neither a flag nor the environment names one.
const (
	defaultPostgresURL = "postgres://stressql:stressql@127.0.0.1:5432/stressql"
	defaultRedisURL    = "redis://127.0.0.1:6379/0"
)

// runOptions are the flags of `stressql run`.
type runOptions struct {
	config         configFlags
	postgres       string
	redis          string
	jsonPath       string
	junitPath      string
	seed           int64
	noColor        bool
	sampleInterval time.Duration
	grace          time.Duration
}

func newRunCommand(g *globalOptions) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run PATH...",
		Short: "Run scenarios against the servers and check the results",
		Long: `Run loads, validates and compiles the scenario files, then runs the
selected scenarios one after another against real servers, prints a
report, and optionally writes it as JSON and JUnit XML.

Targets come from --postgres / --redis, else STRESSQL_POSTGRES_URL /
STRESSQL_REDIS_URL, else the local servers:
  ` + defaultPostgresURL + `
  ` + defaultRedisURL + `
Passwords never appear in the output.

Before the first scenario every target the selection needs is probed:
it answers, accepts the login, and may create the run's namespace. A
problem stops the run at once with one message saying what to do (the
reports are still written, every scenario errored), exit 1. Leftovers of
runs killed before their cleanup are removed by ` + "`stressql clean`" + `.

--filter takes path.Match globs over scenario names; names made by
for_each contain brackets ("sweep[100ms]"): give the exact name, the name
before the brackets ("sweep" selects all of them), or escape the brackets
in a glob ('sweep\[1*\]').

Exit status: 0 all checks passed; 1 a check failed or a scenario errored;
2 invalid configuration or usage; 130 interrupted (the report, partial,
is still written).`,
		Example: `  stressql run scenarios/
  stressql run scenarios/ --filter 'redis_*' --tag exhaustion --junit out.xml --json out.json
  stressql run scenarios/postgres.hcl --postgres postgres://u:p@127.0.0.1:5432/db --seed 42`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := prepareRun(g, o, args)
			if err != nil {
				return err
			}
			return executeRun(cmd.Context(), g, o, plan)
		},
	}
	fs := cmd.Flags()
	o.addTargetFlags(fs)
	o.config.addVarFlags(fs)
	o.config.addSelectFlags(fs)
	fs.StringVar(&o.jsonPath, "json", "", "also write the report as JSON to `FILE`")
	fs.StringVar(&o.junitPath, "junit", "", "also write the report as JUnit XML to `FILE`")
	fs.Int64Var(&o.seed, "seed", 0, "seed for every random choice (fault probabilities, jitter); 0 picks one, printed in the report")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	fs.DurationVar(&o.sampleInterval, "sample-interval", 100*time.Millisecond, "how often pool, server and process are sampled")
	fs.DurationVar(&o.grace, "grace", 5*time.Second, "how long in-flight work may finish after an interrupt")
	return cmd
}

// prepareRun checks the flags, then loads, compiles and filters the
// scenarios; diagnostics are printed and end the command with exit 2.
func prepareRun(g *globalOptions, o *runOptions, paths []string) (*interp.Plan, error) {
	if o.sampleInterval <= 0 {
		return nil, invalid("--sample-interval must be positive, not %s", o.sampleInterval)
	}
	if o.grace < 0 {
		return nil, invalid("--grace must not be negative, not %s", o.grace)
	}
	if o.jsonPath != "" && o.jsonPath == o.junitPath {
		return nil, invalid("--json and --junit name the same file %q", o.jsonPath)
	}
	return compilePlan(g, &o.config, paths, o.noColor)
}

// addTargetFlags declares --postgres and --redis (run and clean).
func (o *runOptions) addTargetFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.postgres, "postgres", "", "PostgreSQL target `URL` (default $STRESSQL_POSTGRES_URL, else "+defaultPostgresURL+")")
	fs.StringVar(&o.redis, "redis", "", "Redis target `URL` (default $STRESSQL_REDIS_URL, else "+defaultRedisURL+")")
}

// targets returns the URL of each driver's server: the flag, else the
// environment, else the local default.
func (o *runOptions) targets(g *globalOptions) map[string]string {
	pick := func(flag, env, def string) string {
		if flag != "" {
			return flag
		}
		if v := g.env(env); v != "" {
			return v
		}
		return def
	}
	return map[string]string{
		"postgres": pick(o.postgres, "STRESSQL_POSTGRES_URL", defaultPostgresURL),
		"redis":    pick(o.redis, "STRESSQL_REDIS_URL", defaultRedisURL),
	}
}
