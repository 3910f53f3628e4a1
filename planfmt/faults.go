package planfmt

import (
	"sort"
	"strconv"
	"strings"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// writeFaults writes the fault timeline, sorted by start: "+1s..+3s
// outage" for a window, "+1s..end" for one that lasts to the end of the
// phase, "@+2s terminate idle_only" for an instant.
func writeFaults(b *strings.Builder, faults []*plan.Fault, indent string) {
	sorted := append([]*plan.Fault(nil), faults...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].After < sorted[j].After })
	b.WriteString(indent + "faults\n")
	var r rows
	for _, f := range sorted {
		what := f.Kind
		if as := faultAttrs(f); as != "" {
			what += " " + as
		}
		r.add(window(f), what)
	}
	r.write(b, indent+"  ")
}

// faultAttrs renders the attributes a fault's kind takes, in the table's
// order, as name=value pairs (unset ones left out); a kind the table does
// not know shows every set field.
func faultAttrs(f *plan.Fault) string {
	set := attrs(f, false, "kind", "after", "duration", "source")
	k, ok := faultkind.Of(f.Kind)
	if !ok {
		return inline(set)
	}
	var parts []string
	for _, a := range faultkind.Attrs {
		if a.Name == "after" || a.Name == "duration" || !k.Takes(a.Name) {
			continue
		}
		for _, s := range set {
			if s.name != a.Name {
				continue
			}
			switch a.Type {
			case faultkind.Direction:
				parts = append(parts, a.Name+"="+strconv.Quote(value(s.value)))
			default:
				parts = append(parts, inline([]attr{s}))
			}
		}
	}
	return strings.Join(parts, " ")
}

// window renders when a fault acts, relative to its phase's start.
func window(f *plan.Fault) string {
	start := "+" + Duration(f.After)
	switch {
	case faultkind.Is(f.Kind, faultkind.Instant) && f.Duration == 0:
		return "@" + start
	case f.Duration == 0:
		return start + "..end"
	}
	return start + "..+" + Duration(f.After+f.Duration)
}
