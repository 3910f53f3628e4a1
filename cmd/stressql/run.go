package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/plan"
)

// runOptions are the flags of `stressql run`.
type runOptions struct {
	config configFlags
	// targetFlags are the target flags (--postgres, --redis: one per
	// driver of the registry), by driver name.
	targetFlags    map[string]*string
	jsonPath       string
	junitPath      string
	htmlPath       string
	seed           int64
	noColor        bool
	sampleInterval time.Duration
	metricsAddr    string
	hlogPath       string
	grace          time.Duration
	baseline       baselineFlags
	// ephemeral: start throwaway servers for the run (package ephemeral).
	ephemeral bool
	sharding  shardFlags

	// postgresAdmin: --postgres-admin, the admin console of a PgBouncer
	// in front of the PostgreSQL target.
	postgresAdmin string
}

func newRunCommand(g *globalOptions) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run PATH...",
		Short: "Run scenarios against the servers and check the results",
		Long: `Run loads, validates and compiles the scenario files, then runs the
selected scenarios one after another against real servers, prints a
report, and optionally writes it as JSON and JUnit XML.

` + targetsHelp(g.registry(), "else the local servers:") + `
` + defaultTargets(g.registry()) + `Passwords never appear in the output.

With --ephemeral the targets are instead throwaway servers the run
starts for the selected scenarios' drivers (PostgreSQL 15 and Redis, on
free 127.0.0.1 ports, in temporary directories) and removes at the end,
also on an interrupt. Fault "restart" runs only then: without it a
selection with a restart fault is refused before anything runs (exit 2).
A scenario's topology block asks for a PgBouncer in front of
PostgreSQL, a Redis Sentinel set or a Redis Cluster instead: each
topology is started once per run, shared by the scenarios that declare
it. Fault "failover" needs such a Sentinel set (or allow_dangerous).

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
  stressql run --ephemeral examples/restart/
  stressql run scenarios/ --filter 'redis_*' --tag exhaustion --junit out.xml --json out.json
  stressql run scenarios/postgres.hcl --postgres postgres://u:p@127.0.0.1:5432/db --seed 42`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := prepareRun(g, o, args)
			if err != nil {
				return err
			}
			if plan, err = o.sharding.resolve(g, o, plan); err != nil {
				return err
			}
			return executeRun(cmd.Context(), g, o, plan)
		},
	}
	fs := cmd.Flags()
	o.addTargetFlags(fs, g.registry())
	fs.StringVar(&o.postgresAdmin, "postgres-admin", "", "admin console `URL` of the PgBouncer that is the PostgreSQL target, when it is not database pgbouncer at the target's address with its credentials (default $"+postgresAdminEnv+")")
	o.config.addVarFlags(fs)
	o.config.addIntervalFlag(fs)
	o.config.addSelectFlags(fs)
	fs.StringVar(&o.jsonPath, "json", "", "also write the report as JSON to `FILE`")
	fs.StringVar(&o.junitPath, "junit", "", "also write the report as JUnit XML to `FILE`")
	fs.StringVar(&o.htmlPath, "html", "", "also write the report as self-contained HTML (charts, no network needed) to `FILE`")
	fs.Int64Var(&o.seed, "seed", 0, "seed for every random choice (fault probabilities, jitter); 0 picks one, printed in the report")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	fs.DurationVar(&o.sampleInterval, "sample-interval", 100*time.Millisecond, "how often pool, server and process are sampled")
	fs.StringVar(&o.hlogPath, "hlog", "", "also write every interval's histograms as an HdrHistogram interval log (v1.3) to `FILE`")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve live metrics in Prometheus text format at `HOST:PORT`/metrics while the run goes")
	fs.DurationVar(&o.grace, "grace", 5*time.Second, "how long in-flight work may finish after an interrupt")
	o.baseline.add(fs)
	fs.BoolVar(&o.ephemeral, "ephemeral", false, "start throwaway PostgreSQL and Redis servers (free 127.0.0.1 ports, temporary directories) for the scenarios' drivers, run against them, and remove them at the end; needed by fault \"restart\"")
	o.sharding.add(fs)
	return cmd
}

// prepareRun checks the flags, then loads, compiles and filters the
// scenarios; diagnostics are printed and end the command with exit 2.
func prepareRun(g *globalOptions, o *runOptions, paths []string) (*plan.Plan, error) {
	if o.sampleInterval <= 0 {
		return nil, invalid("--sample-interval must be positive, not %s", o.sampleInterval)
	}
	if err := o.config.checkInterval("run"); err != nil {
		return nil, err
	}
	if o.config.interval < o.sampleInterval {
		return nil, invalid("--interval (%s) must be at least --sample-interval (%s): a record needs pool samples", o.config.interval, o.sampleInterval)
	}
	if o.grace < 0 {
		return nil, invalid("--grace must not be negative, not %s", o.grace)
	}
	if o.jsonPath != "" && o.jsonPath == o.junitPath {
		return nil, invalid("--json and --junit name the same file %q", o.jsonPath)
	}
	if o.htmlPath != "" && (o.htmlPath == o.jsonPath || o.htmlPath == o.junitPath) {
		return nil, invalid("--html names the same file as --json or --junit: %q", o.htmlPath)
	}
	if o.hlogPath != "" && (o.hlogPath == o.jsonPath || o.hlogPath == o.junitPath) {
		return nil, invalid("--hlog names the same file as --json or --junit: %q", o.hlogPath)
	}
	if err := o.baseline.load(); err != nil {
		return nil, err
	}
	if err := o.checkEphemeralFlags(); err != nil {
		return nil, err
	}
	p, err := compilePlan(g, &o.config, paths, o.noColor)
	if err != nil {
		return nil, err
	}
	return p, o.checkOwnedFaults(p)
}

// addTargetFlags declares a target flag per driver, --postgres and
// --redis (run and clean).
func (o *runOptions) addTargetFlags(fs *pflag.FlagSet, reg *drivers.Registry) {
	o.targetFlags = map[string]*string{}
	for _, d := range reg.All() {
		o.targetFlags[d.Name] = fs.String(d.Name, "", d.Title+" target `URL` (default $"+d.EnvVar+", else "+d.DefaultURL+")")
	}
}

// targetFlag is the value of driver's target flag ("" when not given).
func (o *runOptions) targetFlag(driver string) string {
	if f := o.targetFlags[driver]; f != nil {
		return *f
	}
	return ""
}

// targets returns the URL of each driver's server: the flag, else the
// environment, else the local default.
func (o *runOptions) targets(g *globalOptions) map[string]string {
	out := map[string]string{}
	for _, d := range g.registry().All() {
		switch {
		case o.targetFlag(d.Name) != "":
			out[d.Name] = o.targetFlag(d.Name)
		case g.env(d.EnvVar) != "":
			out[d.Name] = g.env(d.EnvVar)
		default:
			out[d.Name] = d.DefaultURL
		}
	}
	return out
}

// postgresAdminEnv is the environment variable of --postgres-admin.
const postgresAdminEnv = "STRESSQL_POSTGRES_ADMIN_URL"

// adminTargets returns the admin console URLs by driver: --postgres-admin,
// else $STRESSQL_POSTGRES_ADMIN_URL; none when neither is set.
func (o *runOptions) adminTargets(g *globalOptions) map[string]string {
	u := o.postgresAdmin
	if u == "" {
		u = g.env(postgresAdminEnv)
	}
	if u == "" {
		return nil
	}
	return map[string]string{"postgres": u}
}

// registry is the drivers the commands know: the tool's, unless a test
// gave its own.
func (g *globalOptions) registry() *drivers.Registry {
	if g.drivers != nil {
		return g.drivers
	}
	return registry.Default()
}

// targetsHelp is the help texts' sentence on where targets come from,
// "Targets come from --postgres / --redis, else STRESSQL_POSTGRES_URL /
// STRESSQL_REDIS_URL, " then rest, wrapped at 72 columns.
func targetsHelp(reg *drivers.Registry, rest string) string {
	var flags, envs []string
	for _, d := range reg.All() {
		flags = append(flags, "--"+d.Name)
		envs = append(envs, d.EnvVar)
	}
	return strings.Join(termtext.Wrap("", "Targets come from "+strings.Join(flags, " / ")+", else "+strings.Join(envs, " / ")+", "+rest, 72), "\n")
}

// defaultTargets lists the drivers' default URLs, one per line, indented.
func defaultTargets(reg *drivers.Registry) string {
	var b strings.Builder
	for _, d := range reg.All() {
		b.WriteString("  " + d.DefaultURL + "\n")
	}
	return b.String()
}
