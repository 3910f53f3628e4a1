package compiler

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/plan"
)

// The compiler builds a plan.Plan. These names let it, and the code that
// reads a compiled plan beside it (planfmt, cmd, tests), keep writing
// compiler.Load or Load; the types themselves live in package plan, which
// imports no HCL, so that the runtime can import them without the
// compiler.
type (
	Plan           = plan.Plan
	Scenario       = plan.Scenario
	Phase          = plan.Phase
	Resize         = plan.Resize
	Pool           = plan.Pool
	Load           = plan.Load
	Stage          = plan.Stage
	Retry          = plan.Retry
	CircuitBreaker = plan.CircuitBreaker
	Fault          = plan.Fault
	Direction      = plan.Direction
	Check          = plan.Check
	Source         = plan.Source
)

// Patterns.
const (
	Burst           = plan.Burst
	ConstantWorkers = plan.ConstantWorkers
	ConstantRate    = plan.ConstantRate
	RampingRate     = plan.RampingRate
)

// SourceOf converts an hcl.Range: where it starts.
func SourceOf(r hcl.Range) Source {
	return Source{Filename: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}
