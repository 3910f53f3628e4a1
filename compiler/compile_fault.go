package compiler

import (
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/faultkind"
)

// compileFault compiles a fault block (valid: dsl checked it against the
// fault kind table). A kind that takes a direction gets it typed, its
// default applied: the only place either happens.
func compileFault(f *dsl.Fault) *Fault {
	out := &Fault{
		Kind:        f.Kind,
		After:       f.After.Val,
		Duration:    f.Duration.Val,
		Delay:       f.Delay.Val,
		Jitter:      f.Jitter.Val,
		Probability: f.Probability.Val,
		KBps:        f.KBps.Val,
		IdleOnly:    f.IdleOnly.Val,
		Load:        f.Load.Val,
		Mode:        f.Mode.Val,
		DownFor:     f.DownFor.Val,
		Per:         f.Per.Val,
		SpareReqs:   f.SpareReqs.Val,
		Source:      SourceOf(f.Range),
	}
	if k, ok := faultkind.Of(f.Kind); ok && k.Takes("direction") {
		// dsl accepted only faultkind.Directions, the plan's words.
		out.Direction = Direction(f.Direction.Or(faultkind.DefaultDirection))
	}
	return out
}
