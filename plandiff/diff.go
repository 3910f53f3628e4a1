package plandiff

import (
	"slices"
	"strings"
	"time"

	"github.com/stressql/stressql/plan"
)

// Side is one side of a diff: the compiled plan and the values of the
// variables and locals it was compiled with.
type Side struct {
	Plan *plan.Plan
	// Values are var.NAME and local.NAME by that name, rendered as HCL
	// literals (50, "x"): a check that reads one whose value changed says
	// so. Nil is fine.
	Values map[string]string
	// Defaults names the variables whose value is their default.
	Defaults map[string]bool
}

// Status says what became of a scenario.
type Status string

// The statuses of a scenario in a diff.
const (
	Added    Status = "added"
	Removed  Status = "removed"
	Renamed  Status = "renamed" // and perhaps changed too: see Changes
	Modified Status = "changed"
)

// Result is the difference of two plans: the scenarios that differ, in
// the new plan's order, then those removed, in the old plan's.
type Result struct {
	Scenarios []*Scenario `json:"scenarios"`
}

// Identical reports whether the plans are the same.
func (r *Result) Identical() bool { return len(r.Scenarios) == 0 }

// Loosened reports whether a check was loosened or removed.
func (r *Result) Loosened() bool {
	for _, s := range r.Scenarios {
		for _, c := range s.Checks {
			if c.Class == Loosened {
				return true
			}
		}
	}
	return false
}

// Scenario is how one scenario changed.
type Scenario struct {
	Name    string `json:"name"`
	Status  Status `json:"status"`
	OldName string `json:"old_name,omitempty"` // a renamed one's name before
	// OldExpectedDuration and NewExpectedDuration are the expected
	// durations before and after (0 on the side it is missing from).
	OldExpectedDuration time.Duration `json:"old_expected_duration"`
	NewExpectedDuration time.Duration `json:"new_expected_duration"`
	Changes             []*Change     `json:"changes"`
	Checks              []*Check      `json:"checks"`
	// Source is where the scenario is written on the new side (the old
	// side for a removed one).
	Source plan.Source `json:"source"`
}

// Change is one setting that differs: its path in the scenario, such as
// `phase "main" load "writes" rate` or `pool max_conns`, and its value
// before and after, as a scenario file would write it; "" on the side it
// is missing from (an attribute unset, a load added).
type Change struct {
	Path   string      `json:"path"`
	Old    string      `json:"old"`
	New    string      `json:"new"`
	Source plan.Source `json:"source"` // the new side's, else the old's
}

// Check is one check that differs.
type Check struct {
	Name  string `json:"name"`
	Class Class  `json:"class"`
	// Old and New are the conditions, resolved and with their spacing
	// normalised; "" on the side the check is missing from.
	Old string `json:"old"`
	New string `json:"new"`
	// Through lists the variables and locals the condition reads whose
	// value changed: "var.max_p95 (default 50 → 100)", "var.max_p95
	// (default 50 → set 70)" when --var set it on one side, "local.max
	// (50 → 100)".
	Through []string `json:"through,omitempty"`
	// Window notes a change of the check's window or abort: "window 1s →
	// 5s".
	Window string      `json:"window,omitempty"`
	Source plan.Source `json:"source"`
}

// Diff compares two plans scenario by scenario.
func Diff(old, new Side) *Result {
	r := &Result{Scenarios: []*Scenario{}}
	oldBy := map[string]*plan.Scenario{}
	for _, s := range scenarios(old.Plan) {
		oldBy[s.Name] = s
	}
	newBy := map[string]bool{}
	var added []*plan.Scenario
	for _, s := range scenarios(new.Plan) {
		newBy[s.Name] = true
		o, ok := oldBy[s.Name]
		if !ok {
			added = append(added, s)
			continue
		}
		if d := diffScenario(o, s, old, new); d != nil {
			d.Status = Modified
			r.Scenarios = append(r.Scenarios, d)
		}
	}
	var removed []*plan.Scenario
	for _, s := range scenarios(old.Plan) {
		if !newBy[s.Name] {
			removed = append(removed, s)
		}
	}
	// A removed scenario and an added one that compile to the same plan,
	// name and sources apart, are a rename.
	for _, a := range added {
		i := slices.IndexFunc(removed, func(o *plan.Scenario) bool { return diffScenario(o, a, old, new) == nil })
		if i < 0 {
			r.Scenarios = append(r.Scenarios, whole(a, Added, new))
			continue
		}
		r.Scenarios = append(r.Scenarios, &Scenario{Name: a.Name, OldName: removed[i].Name, Status: Renamed,
			OldExpectedDuration: removed[i].ExpectedDuration, NewExpectedDuration: a.ExpectedDuration,
			Changes: []*Change{}, Checks: []*Check{}, Source: a.Source})
		removed = slices.Delete(removed, i, i+1)
	}
	for _, o := range removed {
		r.Scenarios = append(r.Scenarios, whole(o, Removed, old))
	}
	return r
}

func scenarios(p *plan.Plan) []*plan.Scenario {
	if p == nil {
		return nil
	}
	return p.Scenarios
}

// whole describes a scenario only on one side: its checks added
// (tightened) or removed (loosened).
func whole(s *plan.Scenario, st Status, side Side) *Scenario {
	d := &Scenario{Name: s.Name, Status: st, Changes: []*Change{}, Checks: []*Check{}, Source: s.Source}
	for _, c := range s.Checks {
		cc := &Check{Name: c.Name, Source: c.Source}
		if st == Added {
			d.NewExpectedDuration = s.ExpectedDuration
			cc.Class, cc.New = Tightened, condition(c)
		} else {
			d.OldExpectedDuration = s.ExpectedDuration
			cc.Class, cc.Old = Loosened, condition(c)
		}
		d.Checks = append(d.Checks, cc)
	}
	return d
}

// diffScenario compares two scenarios (their names apart); nil when they
// are the same.
func diffScenario(o, n *plan.Scenario, old, new Side) *Scenario {
	d := &Scenario{Name: n.Name, OldExpectedDuration: o.ExpectedDuration, NewExpectedDuration: n.ExpectedDuration,
		Changes: diffFacts(facts(o), facts(n)), Checks: diffChecks(o.Checks, n.Checks, old, new), Source: n.Source}
	if len(d.Changes) == 0 && len(d.Checks) == 0 && o.ExpectedDuration == n.ExpectedDuration {
		return nil
	}
	return d
}

// diffFacts lists the facts that differ, in the new side's order, then
// those only in the old. An element (load, phase, fault, step) added or
// removed is one change; its attributes are not listed.
func diffFacts(o, n []fact) []*Change {
	oldBy := map[string]fact{}
	for _, f := range o {
		oldBy[f.path] = f
	}
	newBy := map[string]bool{}
	var out []*Change
	var gone []string // paths of elements added or removed
	under := func(path string) bool {
		return slices.ContainsFunc(gone, func(g string) bool { return strings.HasPrefix(path, g+" ") })
	}
	for _, f := range n {
		newBy[f.path] = true
		if under(f.path) {
			continue
		}
		of, ok := oldBy[f.path]
		switch {
		case !ok && f.value == present:
			gone = append(gone, f.path)
			out = append(out, &Change{Path: f.path, New: "added", Source: f.source})
		case !ok:
			out = append(out, &Change{Path: f.path, New: f.value, Source: f.source})
		case of.value != f.value:
			out = append(out, &Change{Path: f.path, Old: shown(of.value), New: shown(f.value), Source: f.source})
		}
	}
	for _, f := range o {
		if newBy[f.path] || under(f.path) {
			continue
		}
		if f.value == present {
			gone = append(gone, f.path)
			out = append(out, &Change{Path: f.path, Old: "present", New: "removed", Source: f.source})
			continue
		}
		out = append(out, &Change{Path: f.path, Old: f.value, Source: f.source})
	}
	return out
}

func shown(v string) string {
	if v == present {
		return "present"
	}
	return v
}

// condition is a check's condition as diff shows it: resolved, spacing
// normalised.
func condition(c *plan.Check) string {
	text := c.Condition
	if c.Resolved != "" {
		text = c.Resolved
	}
	return normalizeExpr(text)
}

// diffChecks matches checks by name and classifies the changes.
func diffChecks(o, n []*plan.Check, old, new Side) []*Check {
	var out []*Check
	oldBy := map[string]*plan.Check{}
	for _, c := range o {
		oldBy[c.Name] = c
	}
	newBy := map[string]bool{}
	for _, c := range n {
		newBy[c.Name] = true
		oc, ok := oldBy[c.Name]
		if !ok {
			out = append(out, &Check{Name: c.Name, Class: Tightened, New: condition(c), Source: c.Source})
			continue
		}
		oldCond, newCond := condition(oc), condition(c)
		class := Classify(oldCond, newCond)
		window := windowChange(oc, c)
		if class == Same && window == "" {
			continue
		}
		cc := &Check{Name: c.Name, Class: class, Old: oldCond, New: newCond, Window: window, Source: c.Source}
		if class == Same {
			cc.Class = Changed
		}
		cc.Through = through(oc, c, old, new)
		out = append(out, cc)
	}
	for _, c := range o {
		if !newBy[c.Name] {
			out = append(out, &Check{Name: c.Name, Class: Loosened, Old: condition(c), Source: c.Source})
		}
	}
	return out
}

// windowChange describes a change of a check's window or abort, "" when
// none.
func windowChange(o, n *plan.Check) string {
	var parts []string
	if o.Window != n.Window {
		parts = append(parts, "window "+windowText(o.Window)+" → "+windowText(n.Window))
	}
	if o.Abort != n.Abort {
		parts = append(parts, "abort "+boolText(o.Abort)+" → "+boolText(n.Abort))
	}
	return strings.Join(parts, ", ")
}

func windowText(d time.Duration) string {
	if d == 0 {
		return "none (the whole run)"
	}
	return durationText(d)
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// through lists the variables and locals both conditions read whose value
// differs between the sides.
func through(o, n *plan.Check, old, new Side) []string {
	var out []string
	for _, name := range n.Reads {
		if !strings.HasPrefix(name, "var.") && !strings.HasPrefix(name, "local.") || !slices.Contains(o.Reads, name) {
			continue
		}
		ov, ok1 := old.Values[name]
		nv, ok2 := new.Values[name]
		if !ok1 || !ok2 || ov == nv {
			continue
		}
		change := ov + " → " + nv
		if strings.HasPrefix(name, "var.") {
			switch od, nd := old.Defaults[name], new.Defaults[name]; {
			case od && nd:
				change = "default " + change
			case !od && !nd:
				change = "set " + change
			case od:
				change = "default " + ov + " → set " + nv
			default:
				change = "set " + ov + " → default " + nv
			}
		}
		out = append(out, name+" ("+change+")")
	}
	return out
}
