package planfmt

import (
	"sort"
	"strings"

	"github.com/stressql/stressql/interp"
)

// instantFaults happen at one moment rather than over a window.
var instantFaults = map[string]bool{interp.FaultTerminate: true, interp.FaultClosePool: true}

// writeFaults writes the fault timeline, sorted by start: "+1s..+3s
// outage" for a window, "+1s..end" for one that lasts to the end of the
// phase, "@+2s terminate idle_only" for an instant.
func writeFaults(b *strings.Builder, faults []*interp.Fault, indent string) {
	sorted := append([]*interp.Fault(nil), faults...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].After < sorted[j].After })
	b.WriteString(indent + "faults\n")
	var r rows
	for _, f := range sorted {
		what := f.Kind
		if as := inline(attrs(f, false, "kind", "after", "duration", "source")); as != "" {
			what += " " + as
		}
		r.add(window(f), what)
	}
	r.write(b, indent+"  ")
}

// window renders when a fault acts, relative to its phase's start.
func window(f *interp.Fault) string {
	start := "+" + Duration(f.After)
	switch {
	case instantFaults[f.Kind] && f.Duration == 0:
		return "@" + start
	case f.Duration == 0:
		return start + "..end"
	}
	return start + "..+" + Duration(f.After+f.Duration)
}
