// Package loadpattern is the table of load patterns: the attributes each
// takes, which it requires, whether it is an open or a closed model, and
// what is known ahead of its iterations and duration. It is pure data, read
// by dsl (validation), compiler (the compiler and its expectations),
// engine (the runner of each pattern), `plan` printing and the docs.
// Adding a pattern is a row here, its compiler and runner entries, and its
// docs rows; the tests of those packages fail until every piece exists.
package loadpattern

// Patterns, as written in `pattern = "..."`.
const (
	Burst           = "burst"
	ConstantWorkers = "constant_workers"
	ConstantRate    = "constant_rate"
	RampingRate     = "ramping_rate"
)

// Bounds of load attributes.
const (
	MaxWorkers    = 100000
	MaxIterations = 1000000000
	MaxRate       = 1e6
)

// DefaultMaxWorkers is max_workers of an open-model load that sets none.
const DefaultMaxWorkers = 100

// Type is the type of a pattern attribute, with its bounds.
type Type int

const (
	// Workers is a count of workers, 1..MaxWorkers.
	Workers Type = iota + 1
	// Iterations is a count of iterations, 1..MaxIterations.
	Iterations
	// Span is a duration above 0, at most the longest run.
	Span
	// Offset is a duration from 0 to the longest run.
	Offset
	// Rate is iterations per second above 0, at most MaxRate.
	Rate
	// RateFrom0 is iterations per second from 0 to MaxRate.
	RateFrom0
	// Stages are stage { rate, duration } blocks, one or more.
	Stages
)

// Attr is one pattern attribute.
type Attr struct {
	Name string
	Type Type
}

// Attrs are every pattern attribute, in the order they are decoded; stages
// are blocks.
var Attrs = []Attr{
	{Name: "workers", Type: Workers},
	{Name: "iterations", Type: Iterations},
	{Name: "duration", Type: Span},
	{Name: "think_time", Type: Offset},
	{Name: "rate", Type: Rate},
	{Name: "max_workers", Type: Workers},
	{Name: "start_rate", Type: RateFrom0},
	{Name: "stages", Type: Stages},
}

// Example is a valid value of the attribute as a scenario writes it, the
// whole line (for tests that go through every pattern and attribute).
func (a Attr) Example() string {
	switch a.Type {
	case Workers:
		return a.Name + " = 2"
	case Iterations:
		return a.Name + " = 4"
	case Span:
		return a.Name + ` = "1s"`
	case Offset:
		return a.Name + ` = "10ms"`
	case Rate:
		return a.Name + " = 10"
	case RateFrom0:
		return a.Name + " = 5"
	case Stages:
		return `stage {
      rate     = 10
      duration = "1s"
    }`
	}
	return ""
}

// AttrOf returns the attribute called name.
func AttrOf(name string) (Attr, bool) {
	for _, a := range Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// Pattern is one load pattern.
type Pattern struct {
	Name string
	// Attrs are the attributes the pattern takes, in the order `plan`
	// shows them; Required those it must have.
	Attrs    []string
	Required []string
	// Open: an open model, iterations start on a schedule (rate, at most
	// max_workers in flight, latency from the scheduled start, drops);
	// otherwise a closed model of a fixed number of workers.
	Open bool
	// UnknownIterations: how many iterations run is not known ahead (a
	// closed model running for a duration).
	UnknownIterations bool
	// EstimatedDuration: the expected duration is only an estimate, or
	// unknown (0): the pattern ends when its iterations are done.
	EstimatedDuration bool
	// Doc cells of docs/dsl.md's load pattern table (attributes, model)
	// and expected durations table (iterations, duration).
	DocAttrs, DocModel, DocIterations, DocDuration string
}

// Patterns are the load patterns, in the order the docs list them.
var Patterns = []Pattern{
	{
		Name: Burst, Attrs: []string{"workers", "iterations"}, Required: []string{"workers"},
		EstimatedDuration: true,
		DocAttrs:          "`workers` (required), `iterations` (default = `workers`)",
		DocModel:          "all workers start together and share the iterations; ends when they are done",
		DocIterations:     "`iterations`",
		DocDuration:       "known only when every step is `sleep` or `hold`: ceil(iterations ÷ c) × the sum of their durations, where c is `workers`, or min(`workers`, `max_conns`) when a step holds a pooled connection — an estimate (acquire timeouts cut it short). Otherwise 0 (unknown): a scenario made of such loads gets the 30s default timeout, so set `timeout` for long bursts",
	},
	{
		Name: ConstantWorkers, Attrs: []string{"workers", "duration", "think_time"}, Required: []string{"workers", "duration"},
		UnknownIterations: true,
		DocAttrs:          "`workers`, `duration` (required), `think_time` (default `\"0s\"`)",
		DocModel:          "closed model: each worker loops for `duration`, pausing `think_time` between iterations",
		DocIterations:     "0 (unknown)",
		DocDuration:       "`duration`",
	},
	{
		Name: ConstantRate, Attrs: []string{"rate", "duration", "max_workers"}, Required: []string{"rate", "duration"},
		Open:          true,
		DocAttrs:      "`rate` (per second), `duration` (required), `max_workers` (default 100)",
		DocModel:      "open model: iterations start on a fixed schedule, `rate × duration` of them",
		DocIterations: "ceil(`rate` × `duration`)",
		DocDuration:   "`duration`",
	},
	{
		Name: RampingRate, Attrs: []string{"start_rate", "stages", "max_workers"}, Required: []string{"stages"},
		Open:          true,
		DocAttrs:      "`start_rate` (default 0), one or more `stage { rate, duration }`, `max_workers` (default 100)",
		DocModel:      "open model: the rate moves linearly from the previous stage's rate to each stage's `rate` over its `duration`",
		DocIterations: "ceil(area under the rate)",
		DocDuration:   "sum of the stage durations",
	},
}

// Names lists the patterns' names in table order.
func Names() []string {
	out := make([]string, len(Patterns))
	for i, p := range Patterns {
		out[i] = p.Name
	}
	return out
}

// Of returns the pattern called name.
func Of(name string) (*Pattern, bool) {
	for i := range Patterns {
		if Patterns[i].Name == name {
			return &Patterns[i], true
		}
	}
	return nil, false
}

// Takes reports whether the pattern takes attribute name.
func (p *Pattern) Takes(name string) bool {
	for _, a := range p.Attrs {
		if a == name {
			return true
		}
	}
	return false
}

// IsOpen reports whether the pattern called name is an open model.
func IsOpen(name string) bool {
	p, ok := Of(name)
	return ok && p.Open
}
