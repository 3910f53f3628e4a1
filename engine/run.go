package engine

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// engine is one Run.
type engine struct {
	opts Options
}

// Run executes the plan's scenarios one after another and always returns
// a complete report. Cancelling ctx (Ctrl-C / SIGTERM) stops scheduling,
// lets in-flight work finish within Grace, then cancels it; the current
// scenario is "interrupted", later ones "skipped", and r.Interrupted is
// set.
func Run(ctx context.Context, p *plan.Plan, opts Options) *results.Run {
	e := &engine{opts: opts.withDefaults()}
	r := &results.Run{
		SchemaVersion: results.SchemaVersion,
		Version:       e.opts.Version,
		RunID:         e.opts.RunID,
		Seed:          e.opts.Seed,
		StartedAt:     time.Now(),
		Targets:       redactTargets(e.opts.Targets),
		Scenarios:     []*results.ScenarioRun{},
	}
	var scenarios []*plan.Scenario
	if p != nil {
		scenarios = p.Scenarios
	}
	n := len(scenarios)
	e.opts.Observer.RunStarted(n, r.Targets, r.Seed)
	var offset time.Duration // from StartAt
	for i, sc := range scenarios {
		var sr *results.ScenarioRun
		late := e.barrier(ctx, offset)
		offset += sc.ExpectedDuration + e.opts.StartGap
		switch {
		case ctx.Err() != nil:
			sr = skipped(sc)
		case late != "":
			sr = e.lateScenario(i+1, n, sc, late)
		default:
			sr = e.runScenario(ctx, i+1, n, sc)
		}
		r.Scenarios = append(r.Scenarios, sr)
	}
	r.DurationMs = float64(time.Since(r.StartedAt)) / float64(time.Millisecond)
	r.Summary = count(r.Scenarios)
	r.Interrupted = r.Summary.Interrupted > 0 || r.Summary.Skipped > 0
	e.opts.Observer.RunFinished(r)
	return r
}

// runScenario runs scenario i (1-based) of n.
func (e *engine) runScenario(ctx context.Context, i, n int, sc *plan.Scenario) *results.ScenarioRun {
	sr := newScenarioRun(sc)
	e.opts.Observer.ScenarioStarted(i, n, sc.Name, sc.Driver, sc.ExpectedDuration)
	s := &scenarioRun{
		e:     e,
		sc:    sc,
		index: i,
		total: n,
		seed:  mix(uint64(e.opts.Seed), uint64(i), hashString(sc.Name)),
		live:  metrics.NewLive(),
		mark:  &metrics.Mark{},
		// One clock: faults, examples and series are timed from the
		// scenario's reported start.
		started: sr.StartedAt,
	}
	s.execute(ctx)
	s.report(sr)
	redactScenario(sr, e.opts.Targets, e.opts.AdminTargets)
	e.opts.Observer.ScenarioFinished(sr)
	return sr
}

func newScenarioRun(sc *plan.Scenario) *results.ScenarioRun {
	tags := sc.Tags
	if tags == nil {
		tags = []string{}
	}
	return &results.ScenarioRun{
		Name:       sc.Name,
		Driver:     sc.Driver,
		Tags:       tags,
		Source:     sc.Source.String(),
		StartedAt:  time.Now(),
		ExpectedMs: float64(sc.ExpectedDuration) / float64(time.Millisecond),
		Checks:     []results.CheckResult{},
	}
}

// skipped is a scenario that never started because the run was
// interrupted.
func skipped(sc *plan.Scenario) *results.ScenarioRun {
	sr := newScenarioRun(sc)
	sr.Status = results.StatusSkipped
	return sr
}

func count(runs []*results.ScenarioRun) results.Counts {
	c := results.Counts{Total: len(runs)}
	for _, sr := range runs {
		switch sr.Status {
		case results.StatusPass:
			c.Passed++
		case results.StatusFail:
			c.Failed++
		case results.StatusError:
			c.Errored++
		case results.StatusInterrupted:
			c.Interrupted++
		case results.StatusSkipped:
			c.Skipped++
		}
	}
	return c
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d)) }
