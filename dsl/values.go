package dsl

import (
	"math/big"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// The decoders of this file read one attribute of a body, append their
// diagnostics to the body, and return an Attr. An attribute that is not
// written, or is null (null means unset), is unset. An attribute that is
// written but wrong is set with the zero value, so that no "missing" error
// follows the one already reported.

// evalConst evaluates an expression whose value is fixed before the run.
// The value is cty.DynamicVal when it cannot be used: the errors are in the
// diagnostics, or (when there are none) were reported elsewhere and the
// scope is tainted.
func (s *scope) evalConst(expr hcl.Expression, context hcl.Range) (cty.Value, hcl.Diagnostics) {
	diags := s.checkRefs(expr, context, refConst, nil)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, moreDiags := s.g.budget.eval(expr, s.ctx, context)
	diags = append(diags, moreDiags...)
	if moreDiags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if !v.IsWhollyKnown() {
		s.tainted = true
		return cty.DynamicVal, diags
	}
	return v, diags
}

// get evaluates attribute name and converts it to ty. ok is false when
// the attribute is not written, is null, or cannot be used.
func (b *body) get(name string, ty cty.Type) (v cty.Value, a Attr[struct{}], ok bool) {
	at := b.attrs[name]
	if at == nil {
		return cty.NilVal, unset[struct{}](b.def), false
	}
	rng := at.Expr.Range()
	v, diags := b.s.evalConst(at.Expr, b.def)
	b.diags = append(b.diags, diags...)
	if diags.HasErrors() || !v.IsKnown() {
		return v, Attr[struct{}]{Set: true, Range: rng}, false
	}
	if v.IsNull() {
		return v, unset[struct{}](b.def), false
	}
	conv, err := convert.Convert(v, ty)
	if err != nil {
		b.diags = append(b.diags, problem(rng, b.def, "Incorrect attribute value type",
			"Inappropriate value for attribute %q: %s.", name, err.Error()))
		return v, Attr[struct{}]{Set: true, Range: rng}, false
	}
	return conv, Attr[struct{}]{Set: true, Range: rng}, conv.IsWhollyKnown()
}

// like returns an Attr of another type with the same Set and Range.
func like[T any](a Attr[struct{}]) Attr[T] { return Attr[T]{Set: a.Set, Range: a.Range} }

// str decodes a string attribute.
func (b *body) str(name string) Attr[string] {
	v, a, ok := b.get(name, cty.String)
	out := like[string](a)
	if ok {
		out.Val = v.AsString()
	}
	return out
}

// enum decodes a string attribute that must be one of options; summary
// names the mistake ("Unknown driver"). ok is false when the attribute is
// unset or invalid.
func (b *body) enum(name string, options []string, summary string) (a Attr[string], ok bool) {
	n := len(b.diags)
	a = b.str(name)
	if !a.Set || hasErrors(b.diags[n:]) {
		return a, false
	}
	if !slices.Contains(options, a.Val) {
		b.diags = append(b.diags, problem(a.Range, b.def, summary,
			"%q is not a valid %s. Use %s.%s", a.Val, name, quoteList(options), didYouMean(a.Val, options)))
		return a, false
	}
	return a, true
}

// boolean decodes a bool attribute.
func (b *body) boolean(name string) Attr[bool] {
	v, a, ok := b.get(name, cty.Bool)
	out := like[bool](a)
	if ok {
		out.Val = v.True()
	}
	return out
}

// float decodes a number attribute within [lo, hi].
func (b *body) float(name string, lo, hi float64) Attr[float64] {
	v, a, ok := b.get(name, cty.Number)
	out := like[float64](a)
	if !ok {
		return out
	}
	f, _ := v.AsBigFloat().Float64()
	if f < lo || f > hi {
		b.diags = append(b.diags, problem(a.Range, b.def, "Value out of range",
			"%s must be between %s and %s; got %s.", name, fmtNum(big.NewFloat(lo)), fmtNum(big.NewFloat(hi)), fmtNum(v.AsBigFloat())))
		return out
	}
	out.Val = f
	return out
}

// count decodes a whole number attribute within [lo, hi].
func (b *body) count(name string, lo, hi int64) Attr[int64] {
	v, a, ok := b.get(name, cty.Number)
	out := like[int64](a)
	if !ok {
		return out
	}
	bf := v.AsBigFloat()
	switch {
	case !bf.IsInt():
		b.diags = append(b.diags, problem(a.Range, b.def, "Not a whole number",
			"%s counts things, so it must be a whole number; got %s.", name, fmtNum(bf)))
	case bf.Cmp(new(big.Float).SetInt64(lo)) < 0 || bf.Cmp(new(big.Float).SetInt64(hi)) > 0:
		b.diags = append(b.diags, problem(a.Range, b.def, "Value out of range",
			"%s must be between %d and %d; got %s.", name, lo, hi, fmtNum(bf)))
	default:
		out.Val, _ = bf.Int64()
	}
	return out
}

// durLimit bounds a duration attribute.
type durLimit struct {
	positive bool          // 0 is not allowed
	max      time.Duration // 0 = no upper bound
}

// Limits used by several blocks.
var (
	anyDuration      = durLimit{}
	positiveDuration = durLimit{positive: true}
	// runDuration bounds how long a part of a run lasts.
	runDuration = durLimit{positive: true, max: MaxRunDuration}
	// runOffset bounds when something starts, or a pause.
	runOffset = durLimit{max: MaxRunDuration}
)

// MaxRunDuration is the longest load, phase, fault or step time accepted.
const MaxRunDuration = 24 * time.Hour

// duration decodes a duration string ("250ms", "1m30s").
func (b *body) duration(name string, lim durLimit) Attr[time.Duration] {
	n := len(b.diags)
	s := b.str(name)
	out := Attr[time.Duration]{Set: s.Set, Range: s.Range}
	if !s.Set || hasErrors(b.diags[n:]) {
		return out
	}
	d, err := time.ParseDuration(s.Val)
	switch {
	case err != nil:
		b.diags = append(b.diags, problem(s.Range, b.def, "Invalid duration",
			"%q is not a duration. Write a number with a unit, like \"250ms\", \"2s\" or \"1m30s\" (units: ns, us, ms, s, m, h).", s.Val))
	case d < 0:
		b.diags = append(b.diags, problem(s.Range, b.def, "Negative duration",
			"%s must not be negative; got %q.", name, s.Val))
	case d == 0 && lim.positive:
		b.diags = append(b.diags, problem(s.Range, b.def, "Zero duration",
			"%s must be longer than 0s.", name))
	case lim.max > 0 && d > lim.max:
		b.diags = append(b.diags, problem(s.Range, b.def, "Duration too long",
			"%s must be at most %s; got %q.", name, FormatDuration(lim.max), s.Val))
	default:
		out.Val = d
	}
	return out
}

// strings decodes a list of strings.
func (b *body) strings(name string) Attr[[]string] {
	v, a, ok := b.get(name, cty.List(cty.String))
	out := like[[]string](a)
	if !ok {
		return out
	}
	vals := make([]string, 0, v.LengthInt())
	for _, e := range v.AsValueSlice() {
		if e.IsNull() {
			b.diags = append(b.diags, problem(a.Range, b.def, "Null list element",
				"%s must be a list of strings without null elements.", name))
			return out
		}
		vals = append(vals, e.AsString())
	}
	out.Val = vals
	return out
}

// hasErrors reports whether diags holds an error.
func hasErrors(diags hcl.Diagnostics) bool { return diags.HasErrors() }

// fmtNum renders a number as people write it: 1000000, 2.5, 1e+30.
func fmtNum(bf *big.Float) string {
	if f, _ := bf.Float64(); f > -1e15 && f < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return bf.Text('g', 10)
}
