package faults

import (
	"context"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// TestEveryKindHasAnAction: each kind of the table has a runtime action
// that fits its timing and layer, and no action is for a kind the table
// does not have. A kind added to the table without one fails here instead
// of being "not scheduled" at run time.
func TestEveryKindHasAnAction(t *testing.T) {
	t.Parallel()
	for _, k := range faultkind.Kinds {
		act, ok := actions[k.Name]
		switch {
		case !ok:
			t.Errorf("%s: no action in engine/faults (kinds.go)", k.Name)
			continue
		case k.Timing == faultkind.Whole:
			if !act.atOpen || act.start != nil || act.end != nil {
				t.Errorf("%s: a whole-phase fault is applied when the pool opens, not by the timeline", k.Name)
			}
			continue
		case act.atOpen || act.start == nil:
			t.Errorf("%s: the timeline has no start action", k.Name)
		case k.Timing == faultkind.Instant && act.end != nil:
			t.Errorf("%s: an instant fault has no end action", k.Name)
		}
		if (k.Layer == faultkind.Network) != (act.describe != nil) {
			t.Errorf("%s: a network fault, and only one, describes its start", k.Name)
		}
		if act.net != nil && k.Layer != faultkind.Network {
			t.Errorf("%s: sets the proxy but is not a network fault", k.Name)
		}
	}
	for name := range actions {
		if _, ok := faultkind.Of(name); !ok {
			t.Errorf("action for %q, which is not in the table", name)
		}
	}
}

// TestEveryKindIsScheduled: a fault of each kind, due in an hour for a
// second, gets its actions on the timeline (a start, and an end for a
// window with its own end) and no "not scheduled" event.
func TestEveryKindIsScheduled(t *testing.T) {
	t.Parallel()
	for _, k := range faultkind.Kinds {
		f := &plan.Fault{Kind: k.Name}
		if k.Timing != faultkind.Whole {
			f.After = time.Hour
		}
		if k.Timing == faultkind.Window {
			f.Duration = time.Second
		}
		tl := Start(context.Background(), []*plan.Fault{f}, Controls{}, time.Now())
		acts := tl.schedule()
		tl.Stop()
		want := 0
		switch {
		case k.Timing == faultkind.Whole:
		case actions[k.Name].end != nil:
			want = 2
		default:
			want = 1
		}
		if len(acts) != want {
			t.Errorf("%s: %d actions scheduled, want %d", k.Name, len(acts), want)
		}
		for _, e := range tl.Events() {
			if e.Err != nil {
				t.Errorf("%s: %s: %v", k.Name, e.What, e.Err)
			}
		}
	}
}
