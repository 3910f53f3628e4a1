package planfmt

import (
	"reflect"
	"strings"

	"github.com/stressql/stressql/plan"
)

// writePool writes every attribute of the pool's configuration, in its
// driver's order, marking "(default)" those the file did not set (for a
// pool with no record of what was set, those equal to their default).
func writePool(b *strings.Builder, p *plan.Pool, indent string) {
	switch {
	case p == nil:
		b.WriteString(indent + "pool  unchanged: the previous phase's pool\n")
		return
	case p.Desc == nil || p.Config == nil:
		b.WriteString(indent + "pool  (no configuration)\n")
		return
	}
	b.WriteString(indent + "pool (" + p.Desc.Name + ")\n")
	defaults := p.Desc.Defaults()
	var r rows
	for _, v := range p.Values() {
		note := ""
		if d, ok := defaults.Get(v.Name); ok && !p.Set[v.Name] && reflect.DeepEqual(d, v.Val) {
			note = "(default)"
		}
		r.addNote(v.Name, value(reflect.ValueOf(v.Val)), note)
	}
	r.write(b, indent+"  ")
}

// poolJSON is a pool as the plan's JSON has it: its attributes under the
// driver's name, then its source.
func poolJSON(p *plan.Pool) any {
	if p.Desc == nil || p.Config == nil {
		return object{{"source", jsonValue(reflect.ValueOf(p.Source))}}
	}
	attrs := object{}
	for _, v := range p.Values() {
		attrs = append(attrs, member{v.Name, jsonValue(reflect.ValueOf(v.Val))})
	}
	return object{{p.Desc.Name, attrs}, {"source", jsonValue(reflect.ValueOf(p.Source))}}
}
