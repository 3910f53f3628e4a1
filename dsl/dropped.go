package dsl

import (
	"fmt"
	"math"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/internal/loadpattern"
)

// error_rate is failed ÷ (ok + failed): an iteration an open-model load
// (constant_rate, ramping_rate) could not start because no worker was
// free is counted in ops.dropped and nowhere in error_rate. A scenario
// whose checks bound error_rate but never look at what was dropped can
// pass with most of its planned load never sent; droppedUnchecked warns
// about it.
//
// A check covers drops when its condition reads ops.dropped, ops.ok or
// throughput (of the scenario, a load or a phase), or the whole ops
// object: drops lower ops.ok and throughput one for one, so a bound on
// either (ops.ok >= 990, throughput >= 495 for 500/s over 2 s) fails when iterations are
// dropped. ops.total does not: it counts the dropped iterations too, and
// is the planned number whatever happened. Whether a bound is tight
// enough is the author's call; the warning is for a scenario that never
// looks at the delivered load at all.

// coversDrops lists the results paths (under the scenario, a load or a
// phase) that count as reading the dropped iterations.
var coversDrops = map[string]bool{"ops": true, "ops.dropped": true, "ops.ok": true, "throughput": true}

// droppedUnchecked warns on each check of sc that reads an error_rate
// where an open-model load runs, when no check of sc reads what the
// drops change (coversDrops).
func droppedUnchecked(sc *Scenario) hcl.Diagnostics {
	open := openLoads(sc)
	if len(open) == 0 {
		return nil
	}
	type read struct {
		tr    hcl.Traversal
		check *Check
	}
	var rates []read
	for _, c := range sc.Checks {
		if c.Condition == nil {
			continue
		}
		for _, tr := range c.Condition.Variables() {
			part, path := resultsPath(tr)
			if coversDrops[path] {
				return nil
			}
			if path == "error_rate" && open[part] != nil {
				rates = append(rates, read{tr, c})
			}
		}
	}
	var diags hcl.Diagnostics
	for _, r := range rates {
		part, _ := resultsPath(r.tr)
		w := open[part]
		diags = append(diags, caution(r.tr.SourceRange(), r.check.Range, "Error rate ignores dropped iterations",
			"error_rate is failed ÷ (ok + failed): iterations the open-model load %q (%s) cannot start, no "+
				"worker being free, go to ops.dropped, so check %q passes even if most of the planned load is never "+
				"sent. Add check \"nothing dropped\" { condition = ops.dropped == 0 }, or raise max_workers if drops "+
				"are not what this scenario tests. A bound on ops.ok or throughput counts too: %s. ops.total counts "+
				"the drops, so it does not.",
			w.Name, w.Pattern.Val, r.check.Name, servedExample(sc, w)))
	}
	return diags
}

// servedExample is the warning's example of a bound on what load w
// served, in the numbers of its own schedule: a constant_rate load's
// planned iterations and rate, 99 % of each (a bound from the
// warning's own test, 1200 and 550, read as advice for a scenario of
// 500/s that could never pass). The ops.ok bound is 99 % rounded up, so
// that it fails at any drop over 1 % however few iterations there are
// (rounded down, 5 iterations gave ops.ok >= 4, which passes one in five
// dropped, and one gave ops.ok >= 0). The paths are the load's own
// unless w is the scenario's only load.
func servedExample(sc *Scenario, w *Workload) string {
	prefix := ""
	if len(sc.Loads) != 1 || len(sc.Phases) > 0 {
		prefix = "load." + w.Name + "." // load names are identifiers (validated)
	}
	if w.Pattern.Val != loadpattern.ConstantRate || !w.Rate.Set || !w.Duration.Set {
		return fmt.Sprintf("%sops.ok >= 99 %% of the expected_iterations that stressql plan prints for load %q", prefix, w.Name)
	}
	rate, d := w.Rate.Val, w.Duration.Val
	n := loadpattern.IterationsIn(rate * d.Seconds())
	iterations := "iterations"
	if n == 1 {
		iterations = "iteration"
	}
	return fmt.Sprintf("load %q plans %d %s (%s/s for %s), so %sops.ok >= %d or %sthroughput >= %s fails "+
		"when over 1 %% drop or fail",
		w.Name, n, iterations, formatRate(rate), d, prefix, (n*99+99)/100, prefix, formatRate(math.Floor(rate*99)/100))
}

// formatRate prints a rate as HCL would read it back: 495, 329.99.
func formatRate(r float64) string { return strconv.FormatFloat(r, 'f', -1, 64) }

// openLoads maps each part of sc whose error_rate an open-model load
// feeds to the first such load: "" (the scenario), "load.NAME" and
// "phase.NAME".
func openLoads(sc *Scenario) map[string]*Workload {
	open := make(map[string]*Workload)
	add := func(part string, w *Workload) {
		if open[part] == nil {
			open[part] = w
		}
	}
	visit := func(phase string, loads []*Workload) {
		for _, w := range loads {
			if !w.Pattern.Set || !loadpattern.IsOpen(w.Pattern.Val) {
				continue
			}
			add("", w)
			add("load."+w.Name, w)
			if phase != "" {
				add("phase."+phase, w)
			}
		}
	}
	visit("", sc.Loads)
	for _, p := range sc.Phases {
		visit(p.Name, p.Loads)
	}
	return open
}

// resultsPath splits a traversal a check reads into the part it reads
// ("" for the scenario, "load.NAME", "phase.NAME") and the dotted path of
// attributes under it (error_rate, ops.dropped). Other traversals (var,
// local, each) have a part of "?".
func resultsPath(tr hcl.Traversal) (part, path string) {
	steps := tr[1:]
	switch root := tr.RootName(); root {
	case "load", "phase":
		if len(steps) == 0 {
			return "?", ""
		}
		name, ok := stepName(steps[0])
		if !ok {
			return "?", ""
		}
		part, steps = root+"."+name, steps[1:]
	case "var", "local", "each", "count", "path", "self":
		return "?", ""
	default:
		path = root
	}
	for _, st := range steps {
		name, ok := stepName(st)
		if !ok {
			break
		}
		if path != "" {
			path += "."
		}
		path += name
	}
	return part, path
}

// stepName is the name an attribute or a string index step reads.
func stepName(st hcl.Traverser) (string, bool) {
	switch st := st.(type) {
	case hcl.TraverseAttr:
		return st.Name, true
	case hcl.TraverseIndex:
		if st.Key.Type() == cty.String && st.Key.IsKnown() && !st.Key.IsNull() {
			return st.Key.AsString(), true
		}
	}
	return "", false
}
