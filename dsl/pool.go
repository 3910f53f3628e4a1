package dsl

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/stressql/stressql/drivers"
)

// Pool is a pool block. Only the attributes of the scenario's driver (its
// descriptor's Pool) are ever set; unset ones take the scenario pool's
// value, then the default.
type Pool struct {
	// Attrs are the attributes the block sets, by name, each a bool, an
	// int64, a time.Duration or a string as its drivers.AttrType says.
	Attrs map[string]Attr[any]

	Range hcl.Range // the block header
}

// Get returns attribute name (unset when the block does not set it).
func (p *Pool) Get(name string) Attr[any] {
	if a, ok := p.Attrs[name]; ok {
		return a
	}
	return unset[any](p.Range)
}

// poolAttrs lists the pool attributes of desc, or of every driver when
// desc is nil (each once, in registry order).
func poolAttrs(reg *drivers.Registry, desc *drivers.Descriptor) []drivers.PoolAttr {
	if desc != nil {
		return desc.Pool
	}
	var out []drivers.PoolAttr
	seen := map[string]bool{}
	for _, d := range reg.All() {
		for _, a := range d.Pool {
			if !seen[a.Name] {
				seen[a.Name] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// poolSchema is the schema of a pool block of a scenario of desc (any
// driver's attributes when desc is nil).
func poolSchema(reg *drivers.Registry, desc *drivers.Descriptor) bodySchema {
	sch := bodySchema{what: "a pool block"}
	for _, a := range poolAttrs(reg, desc) {
		sch.attrs = append(sch.attrs, a.Name)
	}
	if desc == nil {
		return sch
	}
	sch.what = fmt.Sprintf("the pool block of a %s scenario", desc.Name)
	sch.foreign = map[string]misplaced{}
	for _, other := range reg.All() {
		for _, a := range other.Pool {
			if _, seen := sch.foreign[a.Name]; seen || desc.Attr(a.Name) != nil {
				continue
			}
			hint := "Remove it."
			if eq := desc.AttrMeaning(a.Meaning); eq != nil {
				hint = fmt.Sprintf("The %s setting is %q.", desc.Name, eq.Name)
			}
			sch.foreign[a.Name] = misplaced{
				summary: "Pool setting of the other driver",
				detail:  fmt.Sprintf("%q is a %s pool setting, but this scenario uses the %s driver. %s", a.Name, other.Name, desc.Name, hint),
			}
		}
	}
	return sch
}

// decodePool decodes a pool block.
func decodePool(s *scope, blk *hclsyntax.Block) (*Pool, hcl.Diagnostics) {
	p := &Pool{Range: header(blk), Attrs: map[string]Attr[any]{}}
	b := openBody(s, blk.Body, p.Range, poolSchema(s.g.drivers, s.desc))
	for _, a := range poolAttrs(s.g.drivers, s.desc) {
		var v Attr[any]
		switch a.Type {
		case drivers.TypeBool:
			v = anyAttr(b.boolean(a.Name))
		case drivers.TypeCount:
			v = anyAttr(b.count(a.Name, a.Min, a.Max))
		case drivers.TypeDuration:
			lim := anyDuration
			if a.Positive {
				lim = positiveDuration
			}
			v = anyAttr(b.duration(a.Name, lim))
		case drivers.TypeEnum:
			e, _ := b.enum(a.Name, a.Enum, a.EnumSummary)
			v = anyAttr(e)
		}
		if v.Set {
			p.Attrs[a.Name] = v
		}
	}
	return p, b.diags
}

// anyAttr boxes an attribute's value (the zero value of its type when the
// value was invalid: its diagnostic is reported and the scenario is not
// compiled).
func anyAttr[T any](a Attr[T]) Attr[any] {
	return Attr[any]{Val: a.Val, Set: a.Set, Range: a.Range}
}

// orList renders parts as "a, b or c" (unquoted).
func orList(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// dangerousHelp says what allow_dangerous lets a scenario do, after the
// first driver of reg where it means something.
func dangerousHelp(reg *drivers.Registry) string {
	for _, d := range reg.All() {
		if d.Has(drivers.CapAllowDangerous) {
			return fmt.Sprintf("lets a %s scenario %s", d.Name, d.DangerousHelp)
		}
	}
	return "means nothing for the drivers of this tool"
}

// driversWith names the drivers of reg with capability c ("a or b").
func driversWith(reg *drivers.Registry, c string) string {
	var names []string
	for _, d := range reg.All() {
		if d.Has(c) {
			names = append(names, d.Name)
		}
	}
	return orList(names)
}
