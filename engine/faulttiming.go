package engine

import (
	"time"

	"github.com/stressql/stressql/engine/faults"
	"github.com/stressql/stressql/results"
)

// fillFaultTiming sets the faults object of the scenario's result and of
// each named phase's: how each scheduled fault kept to its plan, offsets
// from the scenario's start (s.started, the origin of every at_ms).
// Loads keep the zero value (count 0: no data).
func (s *scenarioRun) fillFaultTiming(top *results.Result) {
	top.Faults = results.FaultTiming{ToleranceMs: ms(faults.Tolerance)}
	for _, r := range top.Loads {
		r.Faults = results.FaultTiming{ToleranceMs: ms(faults.Tolerance)}
	}
	for _, pr := range s.phases {
		if !pr.ran {
			continue
		}
		var ph *results.FaultTiming
		if r := top.Phases[pr.ph.Name]; pr.ph.Name != "" && r != nil {
			r.Faults = results.FaultTiming{ToleranceMs: ms(faults.Tolerance)}
			ph = &r.Faults
		}
		offset := pr.from.Sub(s.started)
		for _, tm := range pr.timings {
			ft := faultTime(pr.ph.Name, offset, tm)
			addFault(&top.Faults, tm, ft)
			if ph != nil {
				addFault(ph, tm, ft)
			}
		}
	}
}

// addFault counts one fault in f, keeping the first of each kind.
func addFault(f *results.FaultTiming, tm faults.Timing, ft results.FaultTime) {
	f.Count++
	if tm.IsLate() { // a missed fault is late from its plan to the stop
		f.Late++
	}
	if f.LateMs == nil || ft.LateMs > *f.LateMs {
		late := ft.LateMs
		f.LateMs = &late
	}
	if _, ok := f.Kinds[tm.Kind]; !ok {
		if f.Kinds == nil {
			f.Kinds = map[string]results.FaultTime{}
		}
		f.Kinds[tm.Kind] = ft
	}
}

// faultTime is one fault's timing, offset by its phase's start.
func faultTime(phase string, offset time.Duration, tm faults.Timing) results.FaultTime {
	at := func(d time.Duration) *float64 {
		if d < 0 {
			return nil
		}
		v := ms(offset + d)
		return &v
	}
	ft := results.FaultTime{
		Phase:          phase,
		PlannedStartMs: ms(offset + tm.PlannedStart),
		PlannedEndMs:   at(tm.PlannedEnd),
		LateMs:         ms(tm.Late()),
	}
	if !tm.Failed {
		ft.StartMs, ft.EndMs = at(tm.Start), at(tm.End)
	}
	return ft
}

// faultEventTiming sets the planned time and lateness of an event that is
// a fault's planned start or end.
func faultEventTiming(fe *results.FaultEvent, offset time.Duration, ev faults.Event) {
	if !ev.Timed {
		return
	}
	planned, late := ms(offset+ev.Planned), ms(ev.Late)
	fe.PlannedMs, fe.LateMs = &planned, &late
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
