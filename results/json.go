package results

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// In JSON, a field without data is null, by the same rule that makes it
// unknown to checks (noData): every field but count of a Summary whose
// Count is 0, every field but samples of a Gauge or Growth whose Samples
// is 0. Optional numbers (pointers) are null when nil by themselves.

// MarshalJSON writes s with null for the fields without data.
func (s Summary) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(s)) }

// MarshalJSON writes g with null for the fields without data.
func (g Gauge) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(g)) }

// MarshalJSON writes g with null for the fields without data.
func (g Growth) MarshalJSON() ([]byte, error) { return marshalNoData(reflect.ValueOf(g)) }

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
	for i, f := range fieldsOf(v.Type()) {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(f.name)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		if missing[f.name] {
			b.WriteString("null")
			continue
		}
		val, err := json.Marshal(v.Field(f.index).Interface())
		if err != nil {
			return nil, err
		}
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
