package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// In JSON, a field without data is null, by the same rule that makes it
// unknown to checks (noData): every field but count of a Summary whose
// Count is 0, every field but samples of a Gauge or Growth whose Samples
// is 0, error_rate of a Result without finished iterations (ok + failed
// is 0) and its throughput when its duration is 0. Optional numbers
// (pointers) are null when nil by themselves. Lists are always written,
// [] when empty, and so is every bool (no_data: false): a reader never
// has to tell a missing member from an empty one.

// MarshalJSON writes s with null for the fields without data.
func (s Summary) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(s)) }

// MarshalJSON writes g with null for the fields without data.
func (g Gauge) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(g)) }

// MarshalJSON writes g with null for the fields without data.
func (g Growth) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(g)) }

// MarshalJSON writes r with null for error_rate without finished
// iterations and for throughput without a duration.
func (r Result) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(r)) }

// MarshalJSON writes the record as its Result with t_ms first. Without
// it, the MarshalJSON of the embedded Result would be promoted and t_ms
// lost.
func (iv Interval) MarshalJSON() ([]byte, error) {
	body, err := iv.Result.MarshalJSON()
	if err != nil {
		return nil, err
	}
	t, err := marshalPlain(iv.TMs)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"t_ms":`)
	b.Write(t)
	if len(body) > 2 { // a Result is never {}, but stay valid if it were
		b.WriteByte(',')
	}
	b.Write(body[1:])
	return b.Bytes(), nil
}

// MarshalJSON writes the run with scenarios as a list, [] when empty.
func (r Run) MarshalJSON() ([]byte, error) {
	type plain Run
	p := plain(r)
	p.Scenarios = list(p.Scenarios)
	return marshalPlain(p)
}

// MarshalJSON writes the scenario with tags, checks, errors and faults as
// lists, [] when empty.
func (s ScenarioRun) MarshalJSON() ([]byte, error) {
	type plain ScenarioRun
	p := plain(s)
	p.Tags = list(p.Tags)
	p.Checks = list(p.Checks)
	p.Errors = list(p.Errors)
	p.Faults = list(p.Faults)
	p.Warnings = list(p.Warnings)
	return marshalPlain(p)
}

// MarshalJSON writes the check with values as a list, [] when empty.
func (c CheckResult) MarshalJSON() ([]byte, error) {
	type plain CheckResult
	p := plain(c)
	p.Values = list(p.Values)
	return marshalPlain(p)
}

// MarshalJSON writes the pool with nodes as a list, [] when empty.
func (p Pool) MarshalJSON() ([]byte, error) {
	type plain Pool
	q := plain(p)
	q.Nodes = list(q.Nodes)
	return marshalPlain(q)
}

// list returns s, or an empty slice for nil (JSON [] instead of null).
func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// marshalPlain is json.Marshal without HTML escapes: conditions read
// "a <= b". An encoder that escapes (json.Marshal) still escapes the
// output of a MarshalJSON, so nothing is lost for callers that want it.
func marshalPlain(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// jsonField is one member of the JSON form of a struct.
type jsonField struct {
	name      string
	index     int
	omitEmpty bool
}

// jsonFields lists the members of the struct type t in field order, as
// encoding/json would (every exported field with a json name).
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		out = append(out, jsonField{name: name, index: i, omitEmpty: strings.Contains(","+opts+",", ",omitempty,")})
	}
	return out
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return v.IsZero()
}

// MarshalJSON writes f with null for the fields without data and, after
// them, one member per fault kind that occurred (faults.outage...), the
// shape checks read.
func (f FaultTiming) MarshalJSON() ([]byte, error) {
	b, err := marshalNoData(reflect.ValueOf(f))
	if err != nil || len(f.Kinds) == 0 {
		return b, err
	}
	kinds, err := json.Marshal(f.Kinds) // keys sorted
	if err != nil {
		return nil, err
	}
	out := append(b[:len(b)-1:len(b)-1], ',')
	return append(out, kinds[1:]...), nil
}

// marshalNoData writes the struct v as a JSON object, fields in their
// order, null for those noData names.
func marshalNoData(v reflect.Value) ([]byte, error) {
	missing := noData(v)
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for _, f := range jsonFields(v.Type()) {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		name, err := marshalPlain(f.name)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		if missing[f.name] {
			b.WriteString("null")
			continue
		}
		val, err := marshalPlain(fv.Interface())
		if err != nil {
			return nil, err
		}
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes: the fixed members, and every
// other member as a fault kind (Kinds).
func (f *FaultTiming) UnmarshalJSON(b []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	type plain FaultTiming
	var p plain
	fixed := map[string]bool{}
	for _, jf := range jsonFields(reflect.TypeFor[plain]()) {
		fixed[jf.name] = true
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	for k, raw := range members {
		if fixed[k] {
			continue
		}
		var ft FaultTime
		if err := json.Unmarshal(raw, &ft); err != nil {
			return fmt.Errorf("faults.%s: %w", k, err)
		}
		if p.Kinds == nil {
			p.Kinds = map[string]FaultTime{}
		}
		p.Kinds[k] = ft
	}
	*f = FaultTiming(p)
	return nil
}
