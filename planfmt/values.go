package planfmt

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// attr is one named value of a struct, by its json tag.
type attr struct {
	name  string
	value reflect.Value
}

// attrs lists the fields of the struct v (or pointer to one) by their
// json names, in declaration order, leaving out untagged and "-" fields
// and those named in skip. With all false, zero fields are left out too.
func attrs(v any, all bool, skip ...string) []attr {
	rv := reflect.Indirect(reflect.ValueOf(v))
	t := rv.Type()
	var out []attr
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" || slices.Contains(skip, name) {
			continue
		}
		fv := rv.Field(i)
		if !all && fv.IsZero() {
			continue
		}
		out = append(out, attr{name, fv})
	}
	return out
}

// inline renders attributes as name=value pairs; a true bool is its bare
// name.
func inline(as []attr) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		if a.value.Kind() == reflect.Bool && a.value.Bool() {
			parts = append(parts, a.name)
			continue
		}
		parts = append(parts, a.name+"="+value(a.value))
	}
	return strings.Join(parts, " ")
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// value renders one value the way a scenario file would write it, except
// that durations are not quoted: strings and constant step arguments are
// quoted, expressions are written as their source.
func value(v reflect.Value) string {
	if v.Type() == durationType {
		return Duration(time.Duration(v.Int()))
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "none"
		}
		return value(v.Elem())
	}
	if v.Type().Implements(textMarshaler) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return fmt.Sprintf("<%v>", err)
		}
		return string(b)
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return number(v.Float())
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = value(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}

// number renders a float in its shortest exact form: 10, 0.25, 1e+06.
func number(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// rate renders iterations per second.
func rate(f float64) string { return number(f) + "/s" }

// quoteList renders strings as a list literal.
func quoteList(ss []string) string {
	return value(reflect.ValueOf(ss))
}
