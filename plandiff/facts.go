package plandiff

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/planfmt"
)

// fact is one setting of a scenario: where it is (path, such as
// `phase "main" load "writes" rate`), its value rendered, and the source
// of the nearest block that holds it. A path whose value is present marks
// a keyed element (a phase, load, fault or step) that exists.
type fact struct {
	path   string
	value  string
	source plan.Source
}

const present = "\x00present"

// facts flattens a scenario's settings, checks and expected duration left
// out (they are compared on their own), in plan order.
func facts(s *plan.Scenario) []fact {
	w := &walker{}
	src := s.Source
	w.add("driver", strconv.Quote(s.Driver), src)
	if s.Description != "" {
		w.add("description", strconv.Quote(s.Description), src)
	}
	w.add("tags", renderList(s.Tags), src)
	w.add("timeout", planfmt.Duration(s.Timeout), src)
	if s.AllowDangerous {
		w.add("allow_dangerous", "true", src)
	}
	// The deployment the scenario expects (pool_mode "session" →
	// "transaction" changes what the checks measure as much as any pool
	// setting does), keyed by kind as a fault is: a change of kind is one
	// topology removed and one added.
	if t := s.Topology; t != nil {
		tp := fmt.Sprintf("topology %q", t.Kind)
		w.add(tp, present, t.Source)
		w.structFields(tp+" ", reflect.ValueOf(t).Elem(), t.Source, "kind", "source")
	}
	kinds := map[string]int{}
	var pool *plan.Pool
	for i, ph := range s.Phases {
		prefix := ""
		if ph.Name != "" || len(s.Phases) > 1 {
			name := ph.Name
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			prefix = fmt.Sprintf("phase %q ", name)
			w.add(strings.TrimSpace(prefix), present, ph.Source)
			w.add(prefix+"expected_duration", planfmt.Duration(ph.ExpectedDuration), ph.Source)
		}
		// A phase's pool is the one it runs on: its own, or the previous
		// phase's, so that giving a phase its own pool shows only the
		// settings that differ.
		if ph.Pool != nil {
			pool = ph.Pool
		}
		if i > 0 {
			own := "its own"
			if ph.Pool == nil {
				own = "the previous phase's"
			}
			w.add(prefix+"pool", own, ph.Source)
		}
		if pool != nil {
			pp := prefix + "pool "
			src := pool.Source
			if ph.Pool == nil {
				src = ph.Source
			}
			for _, v := range pool.Values() {
				w.add(pp+v.Name, render(reflect.ValueOf(v.Val)), src)
			}
		}
		for _, l := range ph.Loads {
			lp := prefix + fmt.Sprintf("load %q", l.Name)
			w.add(lp, present, l.Source)
			w.structFields(lp+" ", reflect.ValueOf(l).Elem(), l.Source, "name", "source")
		}
		clear(kinds)
		for _, f := range ph.Faults {
			kinds[f.Kind]++
			fp := prefix + fmt.Sprintf("fault %q", f.Kind)
			if n := kinds[f.Kind]; n > 1 {
				fp += fmt.Sprintf(" #%d", n)
			}
			w.add(fp, present, f.Source)
			w.structFields(fp+" ", reflect.ValueOf(f).Elem(), f.Source, "kind", "source")
		}
	}
	return w.facts
}

type walker struct{ facts []fact }

func (w *walker) add(path, value string, src plan.Source) {
	w.facts = append(w.facts, fact{path: path, value: value, source: src})
}

var (
	durationType  = reflect.TypeFor[time.Duration]()
	exprType      = reflect.TypeFor[arg.Expr]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// structFields adds the json-tagged fields of the struct v, by their json
// names, after prefix: a zero omitempty field is left out (it reads as
// unset); a slice of structs becomes one element per index (step 1,
// stage 2); a pointer to a struct, its fields.
func (w *walker) structFields(prefix string, v reflect.Value, src plan.Source, skip ...string) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" || slices.Contains(skip, name) {
			continue
		}
		fv := v.Field(i)
		if strings.Contains(opts, "omitempty") && fv.IsZero() {
			continue
		}
		w.value(prefix+name, fv, src)
	}
}

// value adds v at path, descending into structs and slices of them.
func (w *walker) value(path string, v reflect.Value, src plan.Source) {
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct && v.Type().Elem() != exprType:
		w.add(path, present, src)
		w.structFields(path+" ", v.Elem(), src)
		return
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct && v.Type().Elem() != exprType:
		singular := strings.TrimSuffix(path, "s")
		if v.Len() == 0 {
			w.add(path, "none", src)
		}
		for i := range v.Len() {
			ep := fmt.Sprintf("%s %d", singular, i+1)
			w.add(ep, present, src)
			w.structFields(ep+" ", v.Index(i), src)
		}
		return
	}
	w.add(path, render(v), src)
}

// render writes one value as a scenario file would, durations unquoted
// (planfmt's rendering): strings quoted, expressions as their source
// resolved (variables, locals and each replaced by their values) and with
// their spacing normalised.
func render(v reflect.Value) string {
	if v.Type() == durationType {
		return planfmt.Duration(time.Duration(v.Int()))
	}
	if v.Type() == exprType {
		e := v.Interface().(arg.Expr)
		text := e.Source
		if e.Resolved != "" {
			text = e.Resolved
		}
		if text == "" {
			b, _ := e.MarshalText()
			text = string(b)
		}
		return normalizeExpr(text)
	}
	if v.Kind() != reflect.Pointer && v.Type().Implements(textMarshaler) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err == nil {
			return string(b)
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "none"
		}
		return render(v.Elem())
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = render(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if m, ok := v.Interface().(fmt.Stringer); ok {
		return m.String()
	}
	return fmt.Sprint(v.Interface())
}

func renderList(ss []string) string { return render(reflect.ValueOf(ss)) }
