package interp

import "github.com/stressql/stressql/dsl"

// DefaultDirection is where latency and bandwidth faults act by default:
// on bytes from the server to the client.
const DefaultDirection = "downstream"

// compileFault compiles a fault block.
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
		Source:      SourceOf(f.Range),
	}
	if f.Kind == FaultLatency || f.Kind == FaultBandwidth {
		out.Direction = f.Direction.Or(DefaultDirection)
	}
	return out
}
