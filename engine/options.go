package engine

import (
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// Defaults for zero Options fields.
const (
	DefaultSampleInterval = 100 * time.Millisecond
	DefaultGrace          = 5 * time.Second
)

// Options configure a run.
type Options struct {
	// Targets maps a driver's name (its descriptor's Name) to its URL. URLs may
	// carry a password; the engine never prints one.
	Targets map[string]string
	// AdminTargets maps a driver's name to the admin console URL of a
	// connection pooler in front of its server (drivers.Env.AdminURL;
	// --postgres-admin), when it is not at the target's address with the
	// target's credentials. URLs may carry a password; never printed.
	AdminTargets map[string]string
	// Seed drives every random choice (fault probabilities, jitter), so a
	// run can be reproduced.
	Seed int64
	// RunID is a short id; namespaces and application names derive from
	// it. A random one is made when empty.
	RunID   string
	Version string
	// SampleInterval is how often pool, server and process are sampled
	// (default 100ms).
	SampleInterval time.Duration
	// Grace is how long in-flight work may finish after an interrupt,
	// and bounds closing a pool (default 5s).
	Grace time.Duration
	// Observer is told about progress; nil for none.
	Observer Observer
	// Judge evaluates a scenario's checks over its results when the
	// scenario has finished, before the observer hears of it: cmd gives
	// checks.Evaluate. The runtime does not evaluate checks itself (a
	// plan.Check's Program is opaque to it, and it imports no HCL), yet
	// it calls the judge at the end of each scenario rather than leaving
	// the checks to a step after Run, because a scenario's status
	// depends on its checks and the console prints each scenario, checks
	// included, as it finishes. Without a judge every check fails as not
	// evaluated.
	Judge func(sc *plan.Scenario, r *results.Result) []results.CheckResult
	// Interval is the length of a series record (default DefaultInterval).
	Interval time.Duration
	// Series, when set, receives every series record as it is made (the
	// HDR interval log, the metrics endpoint).
	Series series.Sink
	// Windows, when set, makes the judge of a scenario's windowed checks
	// (cmd gives checks'); it hears every series event of the scenario
	// and may ask to abort it. Its results replace those Judge gave for
	// the same checks.
	Windows func(sc *plan.Scenario, interval time.Duration) WindowJudge
	// Servers control, by driver, the target's server process when
	// stressql started it itself (cmd gives package ephemeral's servers
	// with --ephemeral): the restart fault acts through it. A scenario
	// with a restart fault whose driver has none is refused by Preflight
	// (see OwnedServerFaults), and its fault fails without touching any
	// server if it runs anyway.
	Servers map[string]drivers.ServerControl
	// ScenarioTargets, when set, gives a scenario its own target and
	// server control instead of Targets' and Servers' entry for its
	// driver (ok false: those). cmd gives it with --ephemeral, where
	// scenarios with different topology blocks run against different
	// deployments.
	ScenarioTargets func(sc *plan.Scenario) (url string, server drivers.ServerControl, ok bool)

	// Sharded runs (package shard). DeferChecks lists every check as not
	// evaluated, without failing the scenario for it (Judge and Windows
	// are not called): `stressql merge` evaluates them over all shards.
	// PartHistograms writes the latency and acquire histograms of every
	// load and phase too, not only the scenario's, so that they merge.
	DeferChecks    bool
	PartHistograms bool
	// StartAt, when set, is the start barrier: scenario k (0-based)
	// starts at StartAt + Σ (ExpectedDuration + StartGap) of the
	// scenarios before it, so that every shard starts each scenario at
	// the same instant. A scenario reached more than StartTolerance after
	// its instant is not run: it errors, saying how late it was.
	StartAt        time.Time
	StartGap       time.Duration
	StartTolerance time.Duration
}

// WindowJudge evaluates a scenario's windowed checks over its series.
type WindowJudge interface {
	// Interval hears one series event; true asks to abort the scenario
	// (a check with abort = true failed).
	Interval(ev *series.Event) (abort bool)
	// Results are the windowed checks' outcomes once the scenario is over.
	Results() []results.CheckResult
}

// interval is Options.Interval or its default.
func (e *engine) interval() time.Duration {
	if e.opts.Interval > 0 {
		return e.opts.Interval
	}
	return DefaultInterval
}

// Observer is told what happens during a run, e.g. to print it. Progress
// is called from a ticker goroutine, never concurrently with itself or
// with the other methods of the same scenario.
type Observer interface {
	RunStarted(n int, targets map[string]string, seed int64) // targets redacted
	ScenarioStarted(i, n int, name, driver string, expected time.Duration)
	Progress(p results.Progress)
	ScenarioFinished(s *results.ScenarioRun)
	RunFinished(r *results.Run)
}

// nopObserver stands in for a nil Observer.
type nopObserver struct{}

func (nopObserver) RunStarted(int, map[string]string, int64)                {}
func (nopObserver) ScenarioStarted(int, int, string, string, time.Duration) {}
func (nopObserver) Progress(results.Progress)                               {}
func (nopObserver) ScenarioFinished(*results.ScenarioRun)                   {}
func (nopObserver) RunFinished(*results.Run)                                {}

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.SampleInterval <= 0 {
		o.SampleInterval = DefaultSampleInterval
	}
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	if o.RunID == "" {
		o.RunID = newRunID()
	}
	return o
}
