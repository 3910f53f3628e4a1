package results

import (
	"maps"
	"math"
	"reflect"
	"strings"
	"sync"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/zclconf/go-cty/cty"
)

// The cty form of a Result is derived from its Go type: attribute names
// are the json tags, numbers are cty.Number, errors is an object with
// every kind of ErrorKinds, and so is error_examples (each kind an object
// of message, a string, and at_ms; unknown when the kind did not occur).
// Deriving it keeps checks, JSON reports and the docs in step when a
// field is added. load, phase and histograms are not part of it: load and
// phase are added at the top level, keyed by the scenario's names, and
// each phase has a load of its own loads (phase.NAME.load.NAME, covering
// that load's runs in that phase); histograms are for tools, not checks.

// Top-level variables that are not part of every results object.
const (
	loadVar  = "load"
	phaseVar = "phase"
)

// partType is the object type of a Result without load, phase and
// histograms.
var partType = sync.OnceValue(func() cty.Type {
	return typeOf(reflect.TypeFor[Result]())
})

// VariableTypes returns the type of each top-level variable a check can
// read, for a scenario with these load and phase names (an empty name is
// skipped: it is the implicit phase of a scenario without phases);
// phaseLoads lists the loads of each named phase, for phase.NAME.load.
// Checks evaluated with unknown values of these types are validated
// statically: a name that does not exist, like latency.p59, is an
// "Unsupported attribute" error.
func VariableTypes(loadNames, phaseNames []string, phaseLoads map[string][]string) map[string]cty.Type {
	part := partType()
	vars := make(map[string]cty.Type, len(part.AttributeTypes())+2)
	for name, t := range part.AttributeTypes() {
		vars[name] = t
	}
	vars[loadVar] = namedType(loadNames, part)
	phases := make(map[string]cty.Type, len(phaseNames))
	for _, n := range phaseNames {
		if n != "" {
			phases[n] = phaseType(part, phaseLoads[n])
		}
	}
	vars[phaseVar] = cty.Object(phases)
	return vars
}

// phaseType is the type of a phase: a results object with the phase's
// own loads as load.
func phaseType(part cty.Type, loadNames []string) cty.Type {
	attrs := maps.Clone(part.AttributeTypes())
	attrs[loadVar] = namedType(loadNames, part)
	return cty.Object(attrs)
}

func namedType(names []string, part cty.Type) cty.Type {
	attrs := make(map[string]cty.Type, len(names))
	for _, n := range names {
		if n != "" {
			attrs[n] = part
		}
	}
	return cty.Object(attrs)
}

// Variables returns the values of the variables of VariableTypes for r.
// Anything without data is an unknown number, so an expression that reads
// it evaluates to unknown ("no data") instead of passing vacuously:
// Summary fields when Count is 0, Gauge and Growth fields when Samples is
// 0, nil pointers (pool counters the driver does not measure,
// pool.reuse_ratio without hits or misses, pool.close_ms, pool.warmup_ms,
// recovery_ms), error_rate without finished iterations,
// throughput with a zero duration, and NaN anywhere. A load or phase
// missing from r (it never ran) is entirely unknown; so is everything when
// r is nil. phase.NAME.load.NAME reads the phase's Loads, named by
// phaseLoads as in VariableTypes.
func Variables(r *Result, loadNames, phaseNames []string, phaseLoads map[string][]string) map[string]cty.Value {
	part := partType()
	vars := make(map[string]cty.Value, len(part.AttributeTypes())+2)
	if r == nil {
		for name, t := range part.AttributeTypes() {
			vars[name] = cty.UnknownVal(t)
		}
	} else {
		for name, v := range valueOf(reflect.ValueOf(r).Elem()).AsValueMap() {
			vars[name] = v
		}
	}
	var loads, phases map[string]*Result
	if r != nil {
		loads, phases = r.Loads, r.Phases
	}
	vars[loadVar] = namedValue(loadNames, loads, part)
	pvals := make(map[string]cty.Value, len(phaseNames))
	for _, n := range phaseNames {
		if n == "" {
			continue
		}
		p := phases[n]
		if p == nil {
			pvals[n] = cty.UnknownVal(phaseType(part, phaseLoads[n]))
			continue
		}
		attrs := valueOf(reflect.ValueOf(p).Elem()).AsValueMap()
		attrs[loadVar] = namedValue(phaseLoads[n], p.Loads, part)
		pvals[n] = cty.ObjectVal(attrs)
	}
	vars[phaseVar] = cty.EmptyObjectVal
	if len(pvals) > 0 {
		vars[phaseVar] = cty.ObjectVal(pvals)
	}
	return vars
}

func namedValue(names []string, parts map[string]*Result, part cty.Type) cty.Value {
	vals := make(map[string]cty.Value, len(names))
	for _, n := range names {
		if n == "" {
			continue
		}
		if p := parts[n]; p != nil {
			vals[n] = valueOf(reflect.ValueOf(p).Elem())
		} else {
			vals[n] = cty.UnknownVal(part)
		}
	}
	if len(vals) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(vals)
}

// field is one struct field as checks see it.
type field struct {
	name  string // json tag
	index int
}

// fieldsOf lists the fields of a struct type that checks can read.
func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		if t == reflect.TypeFor[Result]() && (name == loadVar || name == phaseVar || name == "histograms" || name == "series") {
			continue
		}
		if t == reflect.TypeFor[Pool]() && name == "nodes" {
			continue // per-node pools are in the report, not read by checks
		}
		out = append(out, field{name: name, index: i})
	}
	return out
}

var (
	errorsType   = reflect.TypeFor[map[string]int64]()
	examplesType = reflect.TypeFor[map[string]ErrorExample]()
	faultsType   = reflect.TypeFor[FaultTiming]()
)

// faultKindAttrs adds to attrs, for every fault kind, the value kind
// gives (faults.outage.start_ms beside faults.count).
func faultKindAttrs[T any](attrs map[string]T, kind func(name string) T) {
	for _, k := range faultkind.Names() {
		if _, clash := attrs[k]; clash {
			panic("results: fault kind " + k + " clashes with a field of faults")
		}
		attrs[k] = kind(k)
	}
}

// typeOf maps a Go type of the results to its cty type.
func typeOf(t reflect.Type) cty.Type {
	switch {
	case t == errorsType:
		attrs := make(map[string]cty.Type, len(ErrorKinds))
		for _, k := range ErrorKinds {
			attrs[k] = cty.Number
		}
		return cty.Object(attrs)
	case t == examplesType:
		// Every kind, so that error_examples.query.message validates
		// statically; a kind that did not occur is unknown (no data).
		ex := typeOf(t.Elem())
		attrs := make(map[string]cty.Type, len(ErrorKinds))
		for _, k := range ErrorKinds {
			attrs[k] = ex
		}
		return cty.Object(attrs)
	case t.Kind() == reflect.Struct:
		attrs := make(map[string]cty.Type)
		for _, f := range fieldsOf(t) {
			attrs[f.name] = typeOf(t.Field(f.index).Type)
		}
		if t == faultsType {
			ft := typeOf(reflect.TypeFor[FaultTime]())
			faultKindAttrs(attrs, func(string) cty.Type { return ft })
		}
		return cty.Object(attrs)
	case t.Kind() == reflect.Pointer:
		return typeOf(t.Elem())
	case t.Kind() == reflect.Float64, t.Kind() == reflect.Float32,
		t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return cty.Number
	case t.Kind() == reflect.String:
		return cty.String
	}
	panic("results: no cty type for " + t.String())
}

// valueOf maps a value of the results to its cty value.
func valueOf(v reflect.Value) cty.Value {
	t := v.Type()
	switch {
	case t == errorsType:
		attrs := make(map[string]cty.Value, len(ErrorKinds))
		for _, k := range ErrorKinds {
			var n int64
			if !v.IsNil() {
				n = v.Interface().(map[string]int64)[k]
			}
			attrs[k] = cty.NumberIntVal(n)
		}
		return cty.ObjectVal(attrs)
	case t == examplesType:
		attrs := make(map[string]cty.Value, len(ErrorKinds))
		for _, k := range ErrorKinds {
			ex, ok := v.Interface().(map[string]ErrorExample)[k]
			if !ok {
				attrs[k] = cty.UnknownVal(typeOf(t.Elem()))
				continue
			}
			attrs[k] = valueOf(reflect.ValueOf(ex))
		}
		return cty.ObjectVal(attrs)
	case t.Kind() == reflect.Struct:
		missing := noData(v)
		attrs := make(map[string]cty.Value)
		for _, f := range fieldsOf(t) {
			if missing[f.name] {
				attrs[f.name] = cty.UnknownVal(typeOf(t.Field(f.index).Type))
				continue
			}
			attrs[f.name] = valueOf(v.Field(f.index))
		}
		if t == faultsType {
			kinds := v.Interface().(FaultTiming).Kinds
			ft := typeOf(reflect.TypeFor[FaultTime]())
			faultKindAttrs(attrs, func(k string) cty.Value {
				if x, ok := kinds[k]; ok {
					return valueOf(reflect.ValueOf(x))
				}
				return cty.UnknownVal(ft)
			})
		}
		return cty.ObjectVal(attrs)
	case t.Kind() == reflect.Pointer:
		if v.IsNil() {
			return cty.UnknownVal(typeOf(t.Elem()))
		}
		return valueOf(v.Elem())
	case t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32:
		f := v.Float()
		if math.IsNaN(f) {
			return cty.UnknownVal(cty.Number)
		}
		return cty.NumberFloatVal(f)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return cty.NumberIntVal(v.Int())
	case t.Kind() == reflect.String:
		return cty.StringVal(v.String())
	}
	panic("results: no cty value for " + t.String())
}

// noData returns the fields of a struct value that have no data.
func noData(v reflect.Value) map[string]bool {
	all := func(t reflect.Type, except string) map[string]bool {
		m := make(map[string]bool)
		for _, f := range fieldsOf(t) {
			m[f.name] = f.name != except
		}
		return m
	}
	switch x := v.Interface().(type) {
	case Summary:
		if x.Count == 0 {
			return all(v.Type(), "count")
		}
	case Gauge:
		if x.Samples == 0 {
			return all(v.Type(), "samples")
		}
	case Growth:
		if x.Samples == 0 {
			return all(v.Type(), "samples")
		}
	case FaultTiming:
		return map[string]bool{"late_ms": x.Count == 0}
	case Result:
		return map[string]bool{
			"error_rate": x.Ops.OK+x.Ops.Failed == 0,
			"throughput": x.Duration == 0,
		}
	}
	return nil
}
