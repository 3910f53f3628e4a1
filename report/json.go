package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// WriteJSON writes r as indented JSON, fields in the order of the
// results structs. encoding/json rejects NaN and infinities, so a copy is
// written where NaN is 0 (or null for an optional number) and an infinity
// is the largest float64 of its sign.
func WriteJSON(w io.Writer, r *results.Run) error {
	clean := finite(reflect.ValueOf(redacted(r)))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // conditions read "a <= b", not "a \u003c= b"
	if err := enc.Encode(clean.Interface()); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// redacted returns a shallow copy of r whose targets and texts from
// drivers, servers and users (errors, check messages, fault errors) have
// their secrets masked (see package redact). The engine already masks
// them with the targets' secrets; this is the last line, for any run.
func redacted(r *results.Run) *results.Run {
	out := *r
	if r.Targets != nil {
		out.Targets = make(map[string]string, len(r.Targets))
		for k, v := range r.Targets {
			out.Targets[k] = redact.Target(v)
		}
	}
	out.Scenarios = make([]*results.ScenarioRun, len(r.Scenarios))
	for i, s := range r.Scenarios {
		c := *s
		if s.Errors != nil {
			c.Errors = make([]string, len(s.Errors))
			for j, e := range s.Errors {
				c.Errors[j] = redact.Text(e)
			}
		}
		if s.Checks != nil {
			c.Checks = append([]results.CheckResult(nil), s.Checks...)
			for j := range c.Checks {
				c.Checks[j].Message = redact.Text(c.Checks[j].Message)
			}
		}
		if s.Faults != nil {
			c.Faults = append([]results.FaultEvent(nil), s.Faults...)
			for j := range c.Faults {
				c.Faults[j].Error = redact.Text(c.Faults[j].Error)
			}
		}
		out.Scenarios[i] = &c
	}
	if r.Scenarios == nil {
		out.Scenarios = nil
	}
	return &out
}

// finite returns a deep copy of v with every float made finite. Values
// without floats inside are shared, not copied.
func finite(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			f = 0
		case math.IsInf(f, 1):
			f = math.MaxFloat64
		case math.IsInf(f, -1):
			f = -math.MaxFloat64
		default:
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.SetFloat(f)
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if k := v.Elem().Kind(); (k == reflect.Float64 || k == reflect.Float32) && math.IsNaN(v.Elem().Float()) {
			return reflect.Zero(v.Type()) // an optional number without a value: null
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(finite(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v) // unexported fields (time.Time) come along as they are
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(finite(v.Field(i)))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(finite(v.Index(i)))
		}
		return out
	case reflect.Interface:
		// A value a check read (results.CheckValue.Value) may be an
		// infinite float64.
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(finite(v.Elem()))
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), finite(it.Value()))
		}
		return out
	}
	return v
}
