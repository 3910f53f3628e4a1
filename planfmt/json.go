package planfmt

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/stressql/stressql/plan"
)

// JSON writes p as indented JSON: the fields and names of its json tags,
// with every time.Duration as a duration string ("1.5s", "0s") and nil
// slices as [] instead of null.
func JSON(w io.Writer, p *plan.Plan) error {
	b, err := MarshalJSON(p)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("plan json: write: %w", err)
	}
	return nil
}

// MarshalJSON returns p as indented JSON (see JSON).
func MarshalJSON(p *plan.Plan) ([]byte, error) {
	b, err := marshal(jsonValue(reflect.ValueOf(p)), "  ")
	if err != nil {
		return nil, fmt.Errorf("plan json: %w", err)
	}
	return b, nil
}

// marshal is json.Marshal (or MarshalIndent with an indent) that leaves
// <, > and & alone: conditions are full of them.
func marshal(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

var (
	durationType      = reflect.TypeFor[time.Duration]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
)

// object is a JSON object that keeps its members in order.
type object []member

type member struct {
	key string
	val any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.key, "")
		if err != nil {
			return nil, err
		}
		v, err := marshal(m.val, "")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonValue converts v into something encoding/json writes the way the
// plan should look: like encoding/json would, except for durations and nil
// slices.
func jsonValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == durationType {
		return Duration(time.Duration(v.Int()))
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return nil
	}
	if p, ok := v.Interface().(*plan.Pool); ok {
		return poolJSON(p)
	}
	if v.Type().Implements(jsonMarshalerType) || v.Type().Implements(textMarshalerType) {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return jsonValue(v.Elem())
	case reflect.Struct:
		return structValue(v)
	case reflect.Slice, reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = jsonValue(v.Index(i))
		}
		return out
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		out := make(object, 0, len(keys))
		for _, k := range keys {
			out = append(out, member{fmt.Sprint(k), jsonValue(v.MapIndex(k))})
		}
		return out
	}
	return v.Interface()
}

// structValue converts a struct by its json tags.
func structValue(v reflect.Value) object {
	out := object{}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		fv := v.Field(i)
		if f.Anonymous && name == "" && fv.Kind() == reflect.Struct {
			out = append(out, structValue(fv)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		if omitted(fv, opts) {
			continue
		}
		out = append(out, member{name, jsonValue(fv)})
	}
	return out
}

// omitted applies the omitempty and omitzero options.
func omitted(v reflect.Value, opts string) bool {
	for _, o := range strings.Split(opts, ",") {
		switch o {
		case "omitzero":
			if v.IsZero() {
				return true
			}
		case "omitempty":
			switch v.Kind() {
			case reflect.Slice, reflect.Map, reflect.Array, reflect.String:
				if v.Len() == 0 {
					return true
				}
			case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
				reflect.Float32, reflect.Float64, reflect.Pointer, reflect.Interface:
				if v.IsZero() {
					return true
				}
			}
		}
	}
	return false
}
