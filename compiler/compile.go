package compiler

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/dsl"
)

// DefaultTimeoutSlack is added to twice the expected duration to make a
// scenario's default timeout.
const DefaultTimeoutSlack = 30 * time.Second

// Compile compiles every scenario of cfg that loaded without errors into a
// Plan, with every default explicit. Its diagnostics are the static errors
// that need the whole scenario: step arguments that read iteration or
// worker and cannot be compiled, pool settings that contradict each other
// once defaults apply, fault windows that end after the scenario's
// timeout, a timeout shorter than the run. A scenario with errors is left
// out of the plan; of one that failed to load, only the step arguments
// are checked (the other checks would repeat its errors in other words).
func Compile(cfg *dsl.Config) (*Plan, hcl.Diagnostics) {
	plan := &Plan{Scenarios: []*Scenario{}}
	if cfg == nil {
		return plan, nil
	}
	var diags hcl.Diagnostics
	for _, sc := range cfg.Scenarios {
		if sc.Errored {
			diags = append(diags, compileArgsOnly(sc)...)
			continue
		}
		s, moreDiags := compileScenario(sc)
		diags = append(diags, moreDiags...)
		if !moreDiags.HasErrors() {
			plan.Scenarios = append(plan.Scenarios, s)
		}
	}
	return plan, diags
}

// compileScenario compiles one scenario.
func compileScenario(sc *dsl.Scenario) (*Scenario, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	s := &Scenario{
		Name:           sc.Name,
		Driver:         sc.Driver.Val,
		Desc:           sc.Desc,
		Description:    sc.Description.Val,
		Tags:           append([]string{}, sc.Tags.Val...),
		AllowDangerous: sc.AllowDangerous.Val,
		Checks:         []*Check{},
		Source:         SourceOf(sc.Range),
	}
	s.Topology = compileTopology(sc.Topology)

	phases := sc.Phases
	if len(phases) == 0 {
		phases = []*dsl.Phase{{Loads: sc.Loads, Faults: sc.Faults, Range: sc.Range}}
	}
	var pool *Pool         // the pool in effect
	var layers []*dsl.Pool // the pool blocks it was made of, over the scenario's
	for i, dp := range phases {
		p, moreDiags := compilePhase(sc, dp, i == 0, pool)
		diags = append(diags, moreDiags...)
		if p.Pool != nil {
			pool = p.Pool
			layers = []*dsl.Pool{dp.Pool}
		}
		if dp.Resize != nil && dp.Resize.Pool != nil {
			layers = append(layers, dp.Resize.Pool)
			p.Resize, moreDiags = compileResize(sc, dp, p, layers)
			diags = append(diags, moreDiags...)
			pool = p.Resize.Pool
		}
		s.Phases = append(s.Phases, p)
		s.ExpectedDuration += p.ExpectedDuration
	}

	s.Timeout = 2*s.ExpectedDuration + DefaultTimeoutSlack
	if sc.Timeout.Set {
		s.Timeout = sc.Timeout.Val
	}
	diags = append(diags, checkTimeline(sc, s)...)

	for _, c := range sc.Checks {
		s.Checks = append(s.Checks, compileCheck(c))
		diags = append(diags, checkWindow(c, s)...)
	}
	return s, diags
}

// compileCheck compiles a check: its text, source and the names it reads
// are plan data; its condition and error_message go into a
// checks.Program, which the plan carries for package checks alone.
func compileCheck(c *dsl.Check) *Check {
	out := &Check{Name: c.Name, Condition: c.ConditionText, Source: SourceOf(c.Range),
		Window: c.Window.Val, Abort: c.Abort.Val}
	if r := resolveCondition(c); r != c.ConditionText {
		out.Resolved = r
	}
	if p := checks.Compile(c.Condition, c.ErrorMessage, c.Ctx); p != nil {
		out.Reads = p.Reads()
		out.Program = p
	}
	return out
}

// checkWindow reports a check window longer than the scenario is
// expected to run: it would never be whole, so the check would judge one
// partial window, the whole run. An error when the expected duration is
// exact, a warning when it is an estimate (a burst load); nothing when it
// is unknown (0).
func checkWindow(c *dsl.Check, s *Scenario) hcl.Diagnostics {
	if c.Window.Val == 0 || s.ExpectedDuration == 0 || c.Window.Val <= s.ExpectedDuration {
		return nil
	}
	for _, p := range s.Phases {
		if !exactDuration(p) {
			return hcl.Diagnostics{warningAt(c.Window.Range, c.Range, "Window longer than the scenario",
				"This window is %s, but the scenario is estimated to run for %s: there would be one partial window, the whole run. Shorten the window, or remove it to judge the whole run.",
				dsl.FormatDuration(c.Window.Val), dsl.FormatDuration(s.ExpectedDuration))}
		}
	}
	return hcl.Diagnostics{errorAt(c.Window.Range, c.Range, "Window longer than the scenario",
		"This window is %s, but the scenario is expected to run for %s: there would be one partial window, the whole run. Shorten the window to at most %s, or remove it to judge the whole run.",
		dsl.FormatDuration(c.Window.Val), dsl.FormatDuration(s.ExpectedDuration), dsl.FormatDuration(s.ExpectedDuration))}
}

// compilePhase compiles a phase; the first one always gets a pool, a
// later one only when it has its own (else it runs on inherited).
func compilePhase(sc *dsl.Scenario, dp *dsl.Phase, first bool, inherited *Pool) (*Phase, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	p := &Phase{Name: dp.Name, Loads: []*Load{}, Source: SourceOf(dp.Range)}
	if first || dp.Pool != nil {
		pool, moreDiags := compilePool(sc, dp.Pool)
		diags = append(diags, moreDiags...)
		p.Pool = pool
		inherited = pool
	}
	for _, w := range dp.Loads {
		l, moreDiags := compileLoad(w, inherited)
		diags = append(diags, moreDiags...)
		p.Loads = append(p.Loads, l)
		p.ExpectedDuration = max(p.ExpectedDuration, l.StartAfter+l.ExpectedDuration)
	}
	for _, f := range dp.Faults {
		p.Faults = append(p.Faults, compileFault(f))
	}
	return p, diags
}
