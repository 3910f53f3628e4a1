package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
)

type noServer struct{}

func (noServer) Down(context.Context, string) error { return nil }
func (noServer) Up(context.Context) error           { return nil }

// A restart fault needs a server stressql started itself: the preflight
// refuses the run without one for that driver (saying to use
// --ephemeral), and accepts it with one; other scenarios are unaffected.
func TestPreflightRefusesRestartWithoutServer(t *testing.T) {
	targets := testenv.Targets(t, "postgres", "redis")
	restarting := scenario("restarting", "redis", redisPool(nil), burst(1))
	restarting.Phases[0].Faults = []*plan.Fault{{Kind: faultkind.Restart, Mode: "kill",
		Source: plan.Source{Filename: "r.hcl", Line: 7, Column: 3}}}
	p := &plan.Plan{Scenarios: []*plan.Scenario{scenario("pg", "postgres", pgMax(5), burst(1)), restarting}}

	owned := OwnedServerFaults(p, nil)
	if len(owned) != 1 || owned[0].Scenario != "restarting" || owned[0].Driver != "redis" {
		t.Fatalf("OwnedServerFaults = %+v", owned)
	}
	if got := OwnedServerFaults(p, map[string]drivers.ServerControl{"redis": noServer{}}); len(got) != 0 {
		t.Fatalf("with a redis server: %+v", got)
	}

	pre := Preflight(context.Background(), p, Options{Targets: targets})
	if !pre.Failed() {
		t.Fatalf("preflight passed a restart without a server: %+v", pre)
	}
	for _, tp := range pre.Targets {
		switch tp.Driver {
		case "postgres":
			if len(tp.Problems) != 0 {
				t.Errorf("postgres: %+v", tp.Problems)
			}
		case "redis":
			if len(tp.Problems) != 1 || !strings.Contains(FindingText(tp.Problems[0]), "--ephemeral") ||
				!strings.Contains(tp.Problems[0].Message, "r.hcl:7:3") {
				t.Errorf("redis problems %+v, want one naming r.hcl:7:3 and --ephemeral", tp.Problems)
			}
		}
	}
	pre = Preflight(context.Background(), p, Options{Targets: targets,
		Servers: map[string]drivers.ServerControl{"redis": noServer{}}})
	if pre.Failed() {
		t.Fatalf("preflight refused with a server: %+v", pre)
	}
}
