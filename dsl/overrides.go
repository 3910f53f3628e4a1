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
func applyOverrides(p *hclparse.Parser, g *globals, names []string, opts LoadOptions) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, path := range opts.VarFiles {
		diags = append(diags, g.applyVarFile(p, names, path)...)
	}
	for _, kv := range opts.Vars {
		diags = append(diags, g.applyVar(names, kv)...)
	}
	return diags
}

// applyVarFile reads a file of NAME = value lines: a regular file of at
// most MaxFileBytes, like a scenario file.
func (g *globals) applyVarFile(p *hclparse.Parser, names []string, path string) hcl.Diagnostics {
	vars := g.vars
	src, d := readRegular(path)
	if d != nil {
		d.Summary = "Cannot read var file"
		return hcl.Diagnostics{d}
	}
	g.budget.guard.at(hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos})
	if d := prescan(src, path); d != nil {
		g.files[path] = &hcl.File{Body: hcl.EmptyBody(), Bytes: src}
		return hcl.Diagnostics{d}
	}
	f, diags := p.ParseHCL(src, path)
	if f != nil {
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			diags = append(diags, checkLiterals(body)...)
		}
	}
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
		val, moreDiags := g.constValue(a.Expr, a.Range)
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
func (g *globals) applyVar(names []string, kv string) hcl.Diagnostics {
	vars := g.vars
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
	if len(raw) > MaxStringBytes {
		v.Value = cty.DynamicVal
		return hcl.Diagnostics{fileless("Invalid value for variable",
			"--var %s: the value is longer than %s, the limit of a string.", name, byteCount(MaxStringBytes))}
	}
	val := cty.StringVal(raw)
	if !v.Type.IsPrimitiveType() {
		parsed, ok, diags := g.parseVarExpr(name, raw)
		if diags.HasErrors() {
			v.Value = cty.DynamicVal
			return diags
		}
		if ok {
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

// parseVarExpr evaluates raw as a constant HCL expression. ok is false
// when raw is not one (it is then taken as a string); diags holds an error
// only when it is one, but beyond the limits.
func (g *globals) parseVarExpr(name, raw string) (v cty.Value, ok bool, diags hcl.Diagnostics) {
	filename := fmt.Sprintf("<value for var.%s>", name)
	if d := prescan([]byte(raw), filename); d != nil {
		return cty.NilVal, false, hcl.Diagnostics{fileless(d.Summary, "--var %s: %s", name, d.Detail)}
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), filename, hcl.InitialPos)
	if diags.HasErrors() || len(expr.Variables()) > 0 {
		return cty.NilVal, false, nil
	}
	if node, ok := expr.(hclsyntax.Node); ok {
		if d := checkLiterals(node); d.HasErrors() {
			return cty.NilVal, false, hcl.Diagnostics{fileless(d[0].Summary, "--var %s: %s", name, d[0].Detail)}
		}
	}
	v, diags = g.budget.eval(expr, g.constCtx, hcl.Range{})
	for _, d := range diags {
		if d.Summary == "Value too large" {
			return cty.NilVal, false, hcl.Diagnostics{fileless(d.Summary, "--var %s: %s", name, d.Detail)}
		}
	}
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false, nil
	}
	return v, true, nil
}
