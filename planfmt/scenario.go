package planfmt

import (
	"fmt"
	"strings"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
)

// writeScenario writes one scenario block.
func writeScenario(b *strings.Builder, s *plan.Scenario) {
	fmt.Fprintf(b, "scenario %q\n", s.Name)
	var r rows
	r.add("driver", s.Driver)
	r.add("source", source(s.Source))
	if s.Description != "" {
		r.add("description", s.Description)
	}
	r.add("tags", tags(s.Tags))
	r.add("timeout", Duration(s.Timeout))
	if s.Desc != nil && s.Desc.Has(drivers.CapAllowDangerous) || s.AllowDangerous {
		r.add("allow_dangerous", fmt.Sprint(s.AllowDangerous))
	}
	r.add("expected_duration", Duration(s.ExpectedDuration))
	r.write(b, "  ")
	writeTopology(b, s.Topology)

	for _, ph := range s.Phases {
		indent := "  "
		if ph.Name != "" || len(s.Phases) > 1 {
			b.WriteByte('\n')
			fmt.Fprintf(b, "  phase %q\n", ph.Name)
			var pr rows
			pr.add("expected_duration", Duration(ph.ExpectedDuration))
			pr.write(b, "    ")
			indent = "    "
		}
		writePhase(b, ph, indent)
	}

	b.WriteByte('\n')
	writeChecks(b, s.Checks, "  ")
}

// writePhase writes a phase's pool, loads and faults at indent.
func writePhase(b *strings.Builder, ph *plan.Phase, indent string) {
	b.WriteByte('\n')
	writePool(b, ph.Pool, indent)
	for _, l := range ph.Loads {
		b.WriteByte('\n')
		writeLoad(b, l, indent)
	}
	if len(ph.Faults) > 0 {
		b.WriteByte('\n')
		writeFaults(b, ph.Faults, indent)
	}
	if r := ph.Resize; r != nil {
		b.WriteByte('\n')
		fmt.Fprintf(b, "%sresize  at +%s under traffic: open and warm the new pool, move new iterations to it, drain the old one (up to %s), then close it\n",
			indent, Duration(r.After), Duration(r.DrainTimeout))
		writePool(b, r.Pool, indent+"  ")
	}
}

// source renders file:line:column.
func source(s plan.Source) string {
	if s.Filename == "" {
		return "(unknown)"
	}
	return fmt.Sprintf("%s:%d:%d", s.Filename, s.Line, s.Column)
}

// tags renders a tag list, or "none".
func tags(ts []string) string {
	if len(ts) == 0 {
		return "none"
	}
	return quoteList(ts)
}

// writeTopology writes the scenario's topology block, if it has one.
func writeTopology(b *strings.Builder, t *plan.Topology) {
	if t == nil {
		return
	}
	b.WriteString("\n  topology\n")
	var r rows
	for _, a := range t.Attrs() {
		r.add(a[0], a[1])
	}
	r.add("source", source(t.Source))
	r.write(b, "    ")
}
