package dsl

import (
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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
// reads iteration or worker keeps its expression for interp to compile.
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

// Step kinds.
const (
	StepQuery   = "query"
	StepAcquire = "acquire"
	StepHold    = "hold"
	StepPing    = "ping"
	StepTx      = "tx"
	StepCommand = "command"
	StepGet     = "get"
	StepSet     = "set"
	StepSleep   = "sleep"
)

// stepSpec says what a kind of step takes.
type stepSpec struct {
	driver   string // "" for both
	attrs    []string
	required []string
}

var stepSpecs = map[string]stepSpec{
	StepQuery:   {driver: DriverPostgres, attrs: []string{"sql", "args"}, required: []string{"sql"}},
	StepAcquire: {driver: DriverPostgres},
	StepHold:    {driver: DriverPostgres, attrs: []string{"duration"}, required: []string{"duration"}},
	StepPing:    {},
	StepTx:      {driver: DriverPostgres, attrs: []string{"statements"}, required: []string{"statements"}},
	StepCommand: {driver: DriverRedis, attrs: []string{"args"}, required: []string{"args"}},
	StepGet:     {driver: DriverRedis, attrs: []string{"key"}, required: []string{"key"}},
	StepSet:     {driver: DriverRedis, attrs: []string{"key", "value", "ttl"}, required: []string{"key", "value"}},
	StepSleep:   {attrs: []string{"duration"}, required: []string{"duration"}},
}

// StepKinds lists the step kinds a driver offers ("" for every kind), in
// the order the docs list them.
func StepKinds(driver string) []string {
	var kinds []string
	for _, k := range []string{StepQuery, StepAcquire, StepHold, StepPing, StepTx, StepCommand, StepGet, StepSet, StepSleep} {
		if d := stepSpecs[k].driver; driver == "" || d == "" || d == driver {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// decodeStep decodes a step block.
func decodeStep(s *scope, blk *hclsyntax.Block) (*Step, hcl.Diagnostics) {
	st := &Step{Kind: blk.Labels[0], KindRange: blk.LabelRanges[0], Range: header(blk)}
	spec, ok := stepSpecs[st.Kind]
	if !ok {
		kinds := StepKinds(s.driver)
		return st, hcl.Diagnostics{problem(st.KindRange, st.Range, "Unknown step kind",
			"%q is not a step%s. Use %s.%s", st.Kind, forDriver(s.driver), quoteList(kinds), didYouMean(st.Kind, kinds))}
	}
	if spec.driver != "" && s.driver != "" && spec.driver != s.driver {
		return st, hcl.Diagnostics{problem(st.KindRange, st.Range, "Step for another driver",
			"%s step runs on %s, but this scenario uses the %s driver. Its steps are %s.",
			upper(an(st.Kind)), spec.driver, s.driver, quoteList(StepKinds(s.driver)))}
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
	if st.Kind == StepCommand {
		st.AllowDangerous = s.allowDangerous
		b.checkCommand(st)
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
