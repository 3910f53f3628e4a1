package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// A scenario reached after its barrier instant + the tolerance does not
// run: it errors, saying it was late; one reached before waits for the
// instant.
func TestStartBarrier(t *testing.T) {
	p := &plan.Plan{Scenarios: []*plan.Scenario{
		{Name: "first", Driver: "none", ExpectedDuration: time.Second,
			Checks: []*plan.Check{{Name: "c", Condition: "true"}}},
		{Name: "second", Driver: "none", ExpectedDuration: time.Second},
	}}
	// The first scenario's instant passed 10s ago; the second's (10s +
	// 1s + a 9.2s gap later) is 200ms ahead.
	at := time.Now().Add(-10 * time.Second)
	r := Run(context.Background(), p, Options{StartAt: at, StartGap: 9200 * time.Millisecond, StartTolerance: time.Second})
	first, second := r.Scenarios[0], r.Scenarios[1]
	if first.Status != results.StatusError || len(first.Errors) != 1 || !strings.Contains(first.Errors[0], "late at the start barrier") {
		t.Errorf("late scenario: %s %q", first.Status, first.Errors)
	}
	if len(first.Checks) != 1 || first.Checks[0].Passed {
		t.Errorf("late scenario's checks: %+v", first.Checks)
	}
	want := at.Add(time.Second + 9200*time.Millisecond)
	if second.StartedAt.Before(want) {
		t.Errorf("second scenario started at %s, before its instant %s", second.StartedAt, want)
	}
	for _, e := range second.Errors {
		if strings.Contains(e, "late at the start barrier") {
			t.Errorf("second scenario was on time, yet: %s", e)
		}
	}
}

// With DeferChecks, a scenario's checks are listed as not evaluated and
// do not fail it.
func TestDeferChecks(t *testing.T) {
	sc := &plan.Scenario{Name: "s", Checks: []*plan.Check{{Name: "c", Condition: "false"}}}
	s := &scenarioRun{e: &engine{opts: Options{DeferChecks: true}.withDefaults()}, sc: sc}
	cs := s.judge(nil)
	if len(cs) != 1 || cs[0].Passed || !strings.Contains(cs[0].Message, "not evaluated") {
		t.Errorf("checks %+v", cs)
	}
}
