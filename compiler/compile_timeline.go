package compiler

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
)

// checkTimeline checks the scenario's time line: with an explicit timeout,
// the loads and every fault window must end before it; and a fault must
// start before its phase is over. Phase starts are lower bounds where a
// phase's duration is unknown (burst loads).
func checkTimeline(sc *dsl.Scenario, s *Scenario) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if sc.Timeout.Set && s.ExpectedDuration > s.Timeout {
		diags = append(diags, errorAt(sc.Timeout.Range, sc.Range, "Timeout shorter than the run",
			"The loads are expected to run for %s, but timeout stops the scenario at %s, so it would always end in error. Raise timeout above %s.",
			s.ExpectedDuration, s.Timeout, s.ExpectedDuration))
	}
	phases := sc.Phases
	if len(phases) == 0 {
		phases = []*dsl.Phase{{Faults: sc.Faults, Range: sc.Range}}
	}
	var start time.Duration
	for i, p := range s.Phases {
		exact := exactDuration(p)
		for j, f := range p.Faults {
			df := phases[i].Faults[j]
			if exact && !faultkind.Is(f.Kind, faultkind.Whole) && f.After >= p.ExpectedDuration {
				diags = append(diags, warningAt(df.After.Range, df.Range, "Fault after the end of its phase",
					"This fault starts %s into its phase, but the phase is expected to end after %s: it would never happen.",
					f.After, p.ExpectedDuration))
			}
			end := start + faultEnd(f, p.ExpectedDuration)
			if sc.Timeout.Set && end > s.Timeout {
				subject := df.Range
				switch {
				case df.Duration.Set:
					subject = df.Duration.Range
				case df.After.Set:
					subject = df.After.Range
				}
				diags = append(diags, errorAt(subject, df.Range, "Fault window after the timeout",
					"This fault ends %s after the scenario starts, after its timeout of %s. Shorten the fault or raise timeout.",
					end, s.Timeout))
			}
		}
		start += p.ExpectedDuration
	}
	return diags
}

// faultEnd is when a fault's window ends, from its phase's start (at least:
// a window "to the end of the phase" ends at the phase's expected end).
func faultEnd(f *Fault, phase time.Duration) time.Duration {
	switch {
	case faultkind.Is(f.Kind, faultkind.Instant):
		return f.After + f.DownFor // a restart's server is down until then
	case faultkind.Is(f.Kind, faultkind.Whole):
		return phase
	case f.Duration > 0:
		return f.After + f.Duration
	}
	return max(f.After, phase)
}

// exactDuration reports whether a phase's expected duration is exact: no
// load of it has a pattern whose duration is unknown or estimated (burst).
func exactDuration(p *Phase) bool {
	for _, l := range p.Loads {
		if lp, ok := loadpattern.Of(l.Pattern); !ok || lp.EstimatedDuration {
			return false
		}
	}
	return len(p.Loads) > 0
}
