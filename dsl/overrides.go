package dsl

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// applyOverrides sets variable values from --var-file files (in order),
// then from --var options (in order): later ones win, and --var wins over
// --var-file. Var files are parsed with p so diagnostics can show them.
func applyOverrides(p *hclparse.Parser, vars map[string]*Variable, names []string, opts LoadOptions) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, path := range opts.VarFiles {
		diags = append(diags, applyVarFile(p, vars, names, path)...)
	}
	for _, kv := range opts.Vars {
		diags = append(diags, applyVar(vars, names, kv)...)
	}
	return diags
}

// applyVarFile reads a file of NAME = value lines.
func applyVarFile(p *hclparse.Parser, vars map[string]*Variable, names []string, path string) hcl.Diagnostics {
	f, diags := p.ParseHCLFile(path)
	if f == nil || diags.HasErrors() {
		return diags
	}
	attrs, moreDiags := f.Body.JustAttributes()
	diags = append(diags, moreDiags...)
	for _, a := range sortedHCLAttrs(attrs) {
		v := vars[a.Name]
		if v == nil {
			diags = append(diags, problem(a.NameRange, a.Range, "Undeclared variable",
				"The var file sets %q, but no scenario file declares a variable with that name.%s",
				a.Name, didYouMean(a.Name, names)))
			continue
		}
		val, moreDiags := constValue(a.Expr, a.Range)
		diags = append(diags, moreDiags...)
		if moreDiags.HasErrors() {
			v.Value = cty.DynamicVal
			continue
		}
		conv, err := convert.Convert(val, v.Type)
		if err != nil {
			diags = append(diags, problem(a.Expr.Range(), a.Range, "Invalid value for variable",
				"Variable %q is of type %s: %s.", v.Name, typeexpr.TypeString(v.Type), err.Error()))
			v.Value = cty.DynamicVal
			continue
		}
		v.Value = conv
	}
	return diags
}

// applyVar applies one --var NAME=VALUE option. A variable of a primitive
// type takes VALUE as text, converted to the type (so --var name=007 stays
// "007"); any other takes VALUE as an HCL expression when it is one, else
// as a string.
func applyVar(vars map[string]*Variable, names []string, kv string) hcl.Diagnostics {
	name, raw, ok := strings.Cut(kv, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return hcl.Diagnostics{fileless("Invalid --var option",
			"--var takes NAME=VALUE, like --var max_conns=20; got %q.", kv)}
	}
	v := vars[name]
	if v == nil {
		return hcl.Diagnostics{fileless("Undeclared variable",
			"--var sets %q, but no scenario file declares a variable with that name.%s", name, didYouMean(name, names))}
	}
	val := cty.StringVal(raw)
	if !v.Type.IsPrimitiveType() {
		if parsed, ok := parseVarExpr(name, raw); ok {
			val = parsed
		}
	}
	conv, err := convert.Convert(val, v.Type)
	if err != nil {
		v.Value = cty.DynamicVal
		return hcl.Diagnostics{fileless("Invalid value for variable",
			"--var %s: variable %q is of type %s: %s.", name, name, typeexpr.TypeString(v.Type), err.Error())}
	}
	v.Value = conv
	return nil
}

// parseVarExpr evaluates raw as a constant HCL expression.
func parseVarExpr(name, raw string) (cty.Value, bool) {
	expr, diags := hclsyntax.ParseExpression([]byte(raw), fmt.Sprintf("<value for var.%s>", name), hcl.InitialPos)
	if diags.HasErrors() || len(expr.Variables()) > 0 {
		return cty.NilVal, false
	}
	v, diags := expr.Value(constContext)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}
