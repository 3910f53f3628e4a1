package dsl

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/drivers"
)

// Step is a step block: one action of an iteration.
type Step struct {
	Kind      string
	KindRange hcl.Range

	SQL        Attr[string]        // query
	Statements Attr[[]string]      // tx
	Duration   Attr[time.Duration] // hold, sleep
	TTL        Attr[time.Duration] // set
	// Args are the list elements of query and command args.
	Args  Attr[[]*Arg]
	Key   *Arg      // get, set
	Value *Arg      // set
	Range hcl.Range // the block header
	// AllowDangerous is the scenario's allow_dangerous, for a command
	// step: the driver checks the command policy again.
	AllowDangerous bool
}

// Arg is one step argument. A constant one is already evaluated; one that
// reads iteration or worker keeps its expression for compiler to compile.
type Arg struct {
	Expr hcl.Expression
	// Ctx holds var, local and each, to fold the parts that do not read
	// iteration or worker.
	Ctx *hcl.EvalContext
	// Source is the expression as written.
	Source string
	// PerIteration is set when the value reads iteration or worker.
	PerIteration bool
	// Value is the constant value (when not PerIteration), numbers and
	// bools in their string form.
	Value   string
	Range   hcl.Range
	Context hcl.Range // the step block header
}

// StepSleep is the step kind every driver has (the engine runs it); the
// others come from the drivers' descriptors.
const StepSleep = drivers.StepSleep

// stepSpec says what a kind of step takes.
type stepSpec struct {
	driver   string // the driver that runs it; "" for sleep
	attrs    []string
	required []string
	kind     *drivers.StepKind // nil for sleep
}

var sleepSpec = stepSpec{attrs: []string{"duration"}, required: []string{"duration"}}

// stepSpec returns the step kind name of the scenario's driver, else of
// the first driver that has it.
func (s *scope) stepSpec(name string) (stepSpec, bool) {
	if name == StepSleep {
		return sleepSpec, true
	}
	ds := s.g.drivers.All()
	if s.desc != nil {
		ds = append([]*drivers.Descriptor{s.desc}, ds...)
	}
	for _, d := range ds {
		if k := d.Step(name); k != nil {
			return stepSpec{driver: d.Name, attrs: k.Attrs, required: k.Required, kind: k}, true
		}
	}
	return stepSpec{}, false
}

// stepKinds lists the step kinds of the scenario's driver (of every
// driver when it is unknown), in the order the docs list them.
func (s *scope) stepKinds() []string {
	var kinds []string
	ds := s.g.drivers.All()
	if s.desc != nil {
		ds = []*drivers.Descriptor{s.desc}
	}
	for _, d := range ds {
		for _, k := range d.Steps {
			if !slices.Contains(kinds, k.Name) {
				kinds = append(kinds, k.Name)
			}
		}
	}
	return append(kinds, StepSleep)
}

// decodeStep decodes a step block.
func decodeStep(s *scope, blk *hclsyntax.Block) (*Step, hcl.Diagnostics) {
	st := &Step{Kind: blk.Labels[0], KindRange: blk.LabelRanges[0], Range: header(blk)}
	spec, ok := s.stepSpec(st.Kind)
	if !ok {
		kinds := s.stepKinds()
		return st, hcl.Diagnostics{problem(st.KindRange, st.Range, "Unknown step kind",
			"%q is not a step%s. Use %s.%s", st.Kind, forDriver(s.driver), quoteList(kinds), didYouMean(st.Kind, kinds))}
	}
	if spec.driver != "" && s.driver != "" && spec.driver != s.driver {
		return st, hcl.Diagnostics{problem(st.KindRange, st.Range, "Step for another driver",
			"%s step runs on %s, but this scenario uses the %s driver. Its steps are %s.",
			upper(an(st.Kind)), spec.driver, s.driver, quoteList(s.stepKinds()))}
	}
	b := openBody(s, blk.Body, st.Range, bodySchema{what: an(st.Kind + " step"), attrs: spec.attrs})
	what := upper(an(st.Kind + " step"))
	set := make(map[string]bool)
	for _, name := range spec.attrs {
		n, tainted := len(b.diags), s.tainted
		switch name {
		case "sql":
			st.SQL = b.str(name)
			if st.SQL.Set && st.SQL.Val == "" && !hasErrors(b.diags[n:]) && s.tainted == tainted {
				b.diags = append(b.diags, problem(st.SQL.Range, st.Range, "Empty SQL", "sql must hold a statement."))
			}
			set[name] = st.SQL.Set
		case "statements":
			st.Statements = b.strings(name)
			if st.Statements.Set && len(st.Statements.Val) == 0 && !hasErrors(b.diags[n:]) && s.tainted == tainted {
				b.diags = append(b.diags, problem(st.Statements.Range, st.Range, "Empty transaction",
					"statements must hold one or more SQL statements."))
			}
			set[name] = st.Statements.Set
		case "duration":
			st.Duration = b.duration(name, runDuration)
			set[name] = st.Duration.Set
		case "ttl":
			st.TTL = b.duration(name, anyDuration)
		case "args":
			st.Args = b.args(name)
			set[name] = st.Args.Set
		case "key":
			st.Key = b.arg(name)
			set[name] = st.Key != nil
		case "value":
			st.Value = b.arg(name)
			set[name] = st.Value != nil
		}
	}
	for _, name := range spec.required {
		if !set[name] {
			b.diags = append(b.diags, problem(st.Range, st.Range, "Missing required argument",
				"%s needs %q: add %s = ... to the block.", what, name, name))
		}
	}
	if spec.kind != nil && spec.kind.CheckArgs != nil {
		st.AllowDangerous = s.allowDangerous
		b.checkArgs(st, spec.kind.CheckArgs)
	}
	return st, b.diags
}

// forDriver is " for a redis scenario", or "" for an unknown driver.
func forDriver(driver string) string {
	if driver == "" {
		return ""
	}
	return fmt.Sprintf(" for a %s scenario", driver)
}
