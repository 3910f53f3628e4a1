package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// barrier waits until the instant the next scenario starts at, offset
// after Options.StartAt (nothing to wait for without StartAt). It returns
// why the scenario must not run when that instant passed more than
// StartTolerance ago: a shard that started late would skew the test.
func (e *engine) barrier(ctx context.Context, offset time.Duration) (late string) {
	if e.opts.StartAt.IsZero() {
		return ""
	}
	at := e.opts.StartAt.Add(offset)
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ""
		case <-t.C:
		}
		return ""
	}
	if by := time.Since(at); by > e.opts.StartTolerance {
		return fmt.Sprintf("arrived %s late at the start barrier (planned to start at %s, tolerance %s): "+
			"it did not run, so as not to skew the test; start every shard before --start-at, or give a larger --start-gap",
			by.Round(time.Millisecond), at.UTC().Format(time.RFC3339Nano), e.opts.StartTolerance)
	}
	return ""
}

// lateScenario is scenario i of n that arrived late at its barrier.
func (e *engine) lateScenario(i, n int, sc *plan.Scenario, why string) *results.ScenarioRun {
	e.opts.Observer.ScenarioStarted(i, n, sc.Name, sc.Driver, sc.ExpectedDuration)
	sr := newScenarioRun(sc)
	sr.Status = results.StatusError
	sr.Errors = []string{why}
	sr.Checks = deferredChecks(sc)
	e.opts.Observer.ScenarioFinished(sr)
	return sr
}

// deferredChecks lists sc's checks as not evaluated (Options.DeferChecks).
func deferredChecks(sc *plan.Scenario) []results.CheckResult {
	out := make([]results.CheckResult, 0, len(sc.Checks))
	for _, c := range sc.Checks {
		out = append(out, results.CheckResult{Name: c.Name, Condition: c.Condition, Source: c.Source.String(),
			Message: "not evaluated: this is one shard of the test; `stressql merge` evaluates the checks over all of them",
			Values:  []results.CheckValue{}})
	}
	return out
}

// partHistograms is what a load's or phase's results carry as
// histograms: the lateness one (latenessHistogram), and with
// Options.PartHistograms latency and acquire too.
func (s *scenarioRun) partHistograms(rec *metrics.Recorder) map[string]string {
	if !s.e.opts.PartHistograms {
		return s.latenessHistogram(rec)
	}
	h, err := rec.Histograms()
	if err != nil {
		s.fail("encode histograms: %v", err)
		return nil
	}
	return h
}
