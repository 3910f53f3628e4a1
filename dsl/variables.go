package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Variable is a declared input variable, read as var.NAME.
type Variable struct {
	Name        string
	Description string
	// Type is the declared type constraint; cty.DynamicPseudoType (any)
	// when none is declared.
	Type cty.Type
	// Default is cty.NilVal when there is none: the variable must then be
	// set with --var or --var-file.
	Default cty.Value
	// Value is what var.NAME reads: the last --var / --var-file value,
	// else Default. cty.DynamicVal when it could not be determined.
	Value cty.Value
	Range hcl.Range // the block header
}

var variableSchema = bodySchema{
	what:  "a variable block",
	attrs: []string{"default", "type", "description"},
}

// decodeVariable decodes one variable block.
func decodeVariable(g *globals, blk *hclsyntax.Block) (*Variable, hcl.Diagnostics) {
	v := &Variable{
		Name:  blk.Labels[0],
		Type:  cty.DynamicPseudoType,
		Range: header(blk),
	}
	var diags hcl.Diagnostics
	if !hclsyntax.ValidIdentifier(v.Name) {
		diags = append(diags, problem(blk.LabelRanges[0], v.Range, "Invalid variable name",
			"A name must start with a letter or underscore and may contain only letters, digits, underscores and dashes."))
	}
	b := openBody(nil, blk.Body, v.Range, variableSchema)
	diags = append(diags, b.diags...)

	if a := b.attrs["type"]; a != nil {
		ty, moreDiags := typeexpr.TypeConstraint(a.Expr)
		diags = append(diags, moreDiags...)
		if !moreDiags.HasErrors() {
			v.Type = ty
		}
	}
	if a := b.attrs["description"]; a != nil {
		val, moreDiags := g.constValue(a.Expr, v.Range)
		diags = append(diags, moreDiags...)
		s, err := convert.Convert(val, cty.String)
		switch {
		case moreDiags.HasErrors() || !val.IsWhollyKnown():
		case err != nil || s.IsNull():
			diags = append(diags, problem(a.Expr.Range(), v.Range, "Incorrect attribute value type",
				"The description of a variable must be a string."))
		default:
			v.Description = s.AsString()
		}
	}
	if a := b.attrs["default"]; a != nil {
		val, moreDiags := g.constValue(a.Expr, v.Range)
		diags = append(diags, moreDiags...)
		if !moreDiags.HasErrors() {
			conv, err := convert.Convert(val, v.Type)
			if err != nil {
				diags = append(diags, problem(a.Expr.Range(), v.Range, "Invalid default value for variable",
					"This default value does not match the variable's type %s: %s.", typeexpr.TypeString(v.Type), err.Error()))
				conv = cty.DynamicVal
			}
			v.Default = conv
		} else {
			v.Default = cty.DynamicVal
		}
	}
	v.Value = v.Default
	if diags.HasErrors() && v.Value == cty.NilVal {
		v.Value = cty.DynamicVal // not "missing": it is broken, and reported
	}
	return v, diags
}

// constValue evaluates an expression that may call functions but must not
// read any variable.
func (g *globals) constValue(expr hcl.Expression, context hcl.Range) (cty.Value, hcl.Diagnostics) {
	if refs := expr.Variables(); len(refs) > 0 {
		return cty.DynamicVal, hcl.Diagnostics{problem(refs[0].SourceRange(), context, "Reference in a constant value",
			"This value must be a constant: it cannot read %s or any other variable.", refs[0].RootName())}
	}
	return g.budget.eval(expr, g.constCtx, context)
}
