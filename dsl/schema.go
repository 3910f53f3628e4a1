package dsl

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// blockSpec is a nested block a body may hold.
type blockSpec struct {
	typ    string
	labels []string // what each label means, e.g. {"name"}; empty for none
}

// misplaced explains a name that exists in the language but not here (an
// attribute of the other driver or of another pattern).
type misplaced struct {
	summary, detail string
}

// bodySchema says what a body may contain. It is checked by hand, not with
// hcl.BodySchema, so that names that belong elsewhere get a precise hint.
type bodySchema struct {
	what    string // how diagnostics name the body, e.g. "a pool block"
	attrs   []string
	blocks  []blockSpec
	foreign map[string]misplaced // attributes and block types
}

// body is a block being decoded: the attributes and blocks its schema
// allowed, the scope to evaluate them in, and the diagnostics so far.
type body struct {
	s      *scope
	def    hcl.Range // the block header, Context of every diagnostic
	attrs  map[string]*hclsyntax.Attribute
	blocks []*hclsyntax.Block
	diags  hcl.Diagnostics
}

// add appends diagnostics of nested blocks.
func (b *body) add(diags hcl.Diagnostics) { b.diags = append(b.diags, diags...) }

// openBody checks b against sch and returns what it allowed. Unknown and
// misplaced names are reported (with a did-you-mean), blocks with the
// wrong number of labels are reported and left out.
func openBody(s *scope, b *hclsyntax.Body, def hcl.Range, sch bodySchema) *body {
	var diags hcl.Diagnostics
	out := &body{s: s, def: def, attrs: make(map[string]*hclsyntax.Attribute, len(b.Attributes))}
	blockTypes := make([]string, len(sch.blocks))
	for i, bs := range sch.blocks {
		blockTypes[i] = bs.typ
	}

	for _, a := range sortedAttrs(b) {
		switch {
		case slices.Contains(sch.attrs, a.Name):
			out.attrs[a.Name] = a
		case sch.foreign[a.Name] != misplaced{}:
			m := sch.foreign[a.Name]
			diags = append(diags, problem(a.NameRange, def, m.summary, "%s", m.detail))
		case slices.Contains(blockTypes, a.Name):
			diags = append(diags, problem(a.NameRange, def, "Unsupported argument",
				"%q is a block, not an argument: write %s { ... } without the equals sign.", a.Name, a.Name))
		default:
			diags = append(diags, problem(a.NameRange, def, "Unsupported argument",
				"An argument named %q is not expected in %s.%s", a.Name, sch.what, didYouMean(a.Name, sch.attrs)))
		}
	}

	for _, blk := range b.Blocks {
		i := slices.IndexFunc(sch.blocks, func(bs blockSpec) bool { return bs.typ == blk.Type })
		switch {
		case i >= 0:
			if d := checkLabels(blk, sch.blocks[i]); d != nil {
				diags = append(diags, d)
				continue
			}
			out.blocks = append(out.blocks, blk)
		case sch.foreign[blk.Type] != misplaced{}:
			m := sch.foreign[blk.Type]
			diags = append(diags, problem(blk.TypeRange, def, m.summary, "%s", m.detail))
		case slices.Contains(sch.attrs, blk.Type):
			diags = append(diags, problem(blk.TypeRange, def, "Unsupported block type",
				"%q is an argument, not a block: write %s = VALUE.", blk.Type, blk.Type))
		default:
			diags = append(diags, problem(blk.TypeRange, def, "Unsupported block type",
				"Blocks of type %q are not expected in %s.%s", blk.Type, sch.what, didYouMean(blk.Type, blockTypes)))
		}
	}
	out.diags = diags
	return out
}

// checkLabels reports a block whose number of labels does not match spec.
func checkLabels(blk *hclsyntax.Block, spec blockSpec) *hcl.Diagnostic {
	if len(blk.Labels) == len(spec.labels) {
		return nil
	}
	form := blk.Type
	for _, l := range spec.labels {
		form += fmt.Sprintf(" %q", l)
	}
	want := "no labels"
	switch len(spec.labels) {
	case 1:
		want = "one label, its " + spec.labels[0]
	case 2:
		want = "two labels"
	}
	if len(blk.Labels) < len(spec.labels) {
		return problem(blk.DefRange(), blk.DefRange(), "Missing block label",
			"A %s block takes %s: %s { ... }.", blk.Type, want, form)
	}
	extra := hcl.RangeBetween(blk.LabelRanges[len(spec.labels)], blk.LabelRanges[len(blk.LabelRanges)-1])
	return problem(extra, blk.DefRange(), "Extraneous block label",
		"A %s block takes %s: %s { ... }.", blk.Type, want, form)
}

// sortedAttrs returns the attributes of b in source order.
func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	slices.SortFunc(attrs, func(x, y *hclsyntax.Attribute) int {
		return cmp.Compare(x.SrcRange.Start.Byte, y.SrcRange.Start.Byte)
	})
	return attrs
}

// sortedHCLAttrs returns attributes in source order.
func sortedHCLAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y *hcl.Attribute) int {
		return cmp.Compare(x.Range.Start.Byte, y.Range.Start.Byte)
	})
	return out
}

// blocksOf returns the allowed blocks of one type, in source order.
func (b *body) blocksOf(typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, blk := range b.blocks {
		if blk.Type == typ {
			out = append(out, blk)
		}
	}
	return out
}

// single returns the one block of a type that may appear at most once,
// reporting repeats.
func (b *body) single(typ string) *hclsyntax.Block {
	blocks := b.blocksOf(typ)
	if len(blocks) == 0 {
		return nil
	}
	for _, dup := range blocks[1:] {
		b.diags = append(b.diags, problem(dup.TypeRange, b.def, fmt.Sprintf("Duplicate %s block", typ),
			"Only one %s block is allowed here; the first one is at %s. Merge them.", typ, at(blocks[0].DefRange())))
	}
	return blocks[0]
}

// require reports a required attribute that is not set; what names the
// block in the detail ("A burst load").
func (b *body) require(a interface{ isSet() bool }, name, what string) {
	if !a.isSet() {
		b.diags = append(b.diags, problem(b.def, b.def, "Missing required argument",
			"%s needs %q: add %s = ... to the block.", what, name, name))
	}
}

// header is the range of a block's type and labels.
func header(blk *hclsyntax.Block) hcl.Range { return blk.DefRange() }
