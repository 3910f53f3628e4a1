package engine

import (
	"fmt"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// OwnedFault is a fault that acts on a server process stressql must have
// started itself (faultkind's Owned: restart) in a scenario whose driver
// has no such server.
type OwnedFault struct {
	Scenario string
	Driver   string
	Kind     string
	Source   plan.Source
}

// Finding is the preflight problem that refuses the run.
func (o OwnedFault) Finding() drivers.Finding {
	return drivers.Finding{Kind: "other",
		Message: fmt.Sprintf("scenario %q (%s) has a %s fault, which stops and starts the %s server process: stressql does that only to a server it started itself, never to the target's.",
			o.Scenario, o.Source, o.Kind, o.Driver),
		Hint: "Run it with --ephemeral (stressql run --ephemeral ...): the run then starts throwaway servers on free 127.0.0.1 ports and removes them at the end."}
}

// OwnedServerFaults lists, in plan order, the faults of the plan that need
// a server stressql started itself and whose driver has none in servers:
// the run must not start with any.
func OwnedServerFaults(p *plan.Plan, servers map[string]drivers.ServerControl) []OwnedFault {
	var out []OwnedFault
	if p == nil {
		return nil
	}
	for _, sc := range p.Scenarios {
		if servers[sc.Driver] != nil {
			continue
		}
		for _, ph := range sc.Phases {
			for _, f := range ph.Faults {
				if k, ok := faultkind.Of(f.Kind); ok && k.Owned {
					out = append(out, OwnedFault{Scenario: sc.Name, Driver: sc.Driver, Kind: f.Kind, Source: f.Source})
				}
			}
		}
	}
	return out
}
