package dsl

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// scenarioName is what a scenario label may hold: it shows in reports,
// --filter patterns, connection names and (with a for_each key) NAME[KEY].
var scenarioName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// expandScenario decodes a scenario block: once, or once per for_each
// element with each.key and each.value set.
func expandScenario(g *globals, blk *hclsyntax.Block) ([]*Scenario, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	name, def := blk.Labels[0], header(blk)
	if !scenarioName.MatchString(name) {
		diags = append(diags, problem(blk.LabelRanges[0], def, "Invalid scenario name",
			"%q is not a valid scenario name: use letters, digits, underscores, dots and dashes, starting with a letter, digit or underscore.", name))
	}
	fe := blk.Body.Attributes["for_each"]
	if fe == nil {
		sc, moreDiags := decodeScenario(g, blk, name, g.root, false)
		sc.Errored = sc.Errored || diags.HasErrors()
		return []*Scenario{sc}, append(diags, moreDiags...)
	}

	broken := []*Scenario{{Name: name, Range: def, Ctx: g.root, HasEach: true, Errored: true}}
	s := &scope{g: g, ctx: g.root}
	v, moreDiags := s.evalConst(fe.Expr, def)
	diags = append(diags, moreDiags...)
	if moreDiags.HasErrors() || !v.IsKnown() {
		return broken, diags
	}
	keys, values, d := forEachElements(v, fe.Expr.Range(), def)
	if d != nil {
		return broken, append(diags, d)
	}
	if d := checkKeys(keys, fe.Expr.Range(), def); d != nil {
		return broken, append(diags, d)
	}
	if len(keys) == 0 {
		return nil, append(diags, caution(fe.Expr.Range(), def, emptyForEach,
			"for_each is empty, so scenario %q has no instance and does not run.", name))
	}
	var out []*Scenario
	for i, key := range keys {
		ctx := g.root.NewChild()
		ctx.Variables = map[string]cty.Value{"each": eachValue(key, values[i])}
		sc, moreDiags := decodeScenario(g, blk, instanceName(name, key), ctx, true)
		sc.EachKey = key
		sc.Errored = sc.Errored || diags.HasErrors()
		out = append(out, sc)
		diags = append(diags, moreDiags...)
	}
	return out, diags
}

// emptyForEach is the summary of the warning about a for_each without
// elements; when every scenario is such, the load is an error.
const emptyForEach = "No for_each instances"

// checkKeys refuses more than MaxForEach keys, and keys that break the
// scenario-name rules: a key is part of the instance name NAME[KEY] that
// reports, --filter and terminals show.
func checkKeys(keys []string, rng, def hcl.Range) *hcl.Diagnostic {
	if len(keys) > MaxForEach {
		return problem(rng, def, "Too many for_each instances",
			"for_each has %d elements; one scenario block expands to at most %d instances.", len(keys), MaxForEach)
	}
	for _, k := range keys {
		if !scenarioName.MatchString(k) {
			return problem(rng, def, "Invalid for_each key",
				"The key %s cannot name a scenario instance: use letters, digits, underscores, dots and dashes, starting with a letter, digit or underscore.", quoteKey(k))
		}
	}
	return nil
}

// quoteKey quotes a key for a message: control characters and other
// non-printing characters escaped, at most 64 bytes shown.
func quoteKey(k string) string {
	const show = 64
	if len(k) > show {
		cut := show
		for cut > 0 && !utf8.RuneStart(k[cut]) {
			cut--
		}
		return strconv.QuoteToASCII(k[:cut]) + fmt.Sprintf("… (%d bytes)", len(k))
	}
	return strconv.QuoteToASCII(k)
}

// forEachElements returns the keys and values of a for_each value: a map
// or object (keys sorted), or a set of strings (each key is its value).
func forEachElements(v cty.Value, rng, def hcl.Range) ([]string, []cty.Value, *hcl.Diagnostic) {
	t := v.Type()
	switch {
	case v.IsNull():
		return nil, nil, problem(rng, def, "Invalid for_each", "for_each must not be null; use {} for no instances.")
	case t.IsMapType() || t.IsObjectType():
		var keys []string
		var values []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			k, val := it.Element()
			keys = append(keys, k.AsString())
			values = append(values, val)
		}
		return keys, values, nil
	case t.IsSetType():
		if v.LengthInt() == 0 {
			return nil, nil, nil // toset([]) is a set of any type
		}
		if !t.ElementType().Equals(cty.String) {
			return nil, nil, problem(rng, def, "Invalid for_each",
				"for_each takes a set of strings; this set holds %s values.", t.ElementType().FriendlyName())
		}
		var keys []string
		var values []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() {
				return nil, nil, problem(rng, def, "Invalid for_each", "A for_each set must not hold null.")
			}
			keys = append(keys, e.AsString())
			values = append(values, e)
		}
		return keys, values, nil
	case t.IsListType() || t.IsTupleType():
		return nil, nil, problem(rng, def, "Invalid for_each",
			"for_each takes a map or a set of strings, not a list: wrap it in toset(...) so each element is a key.")
	}
	return nil, nil, problem(rng, def, "Invalid for_each",
		"for_each takes a map or a set of strings; this is %s.", an(t.FriendlyName()))
}
