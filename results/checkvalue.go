package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// CheckValue is one name a check read (a traversal, as written: latency.p95,
// load["fast"].ops.ok, var.max) and its value, typed: in JSON a number is
// a number, a bool a bool, a string a string, and no data is null. Text
// renders it the way the console and JUnit print it.
type CheckValue struct {
	Path string `json:"path"`
	// Value is what Path held: a float64 (or, for a finite number beyond
	// float64's range, a json.Number such as 1e+400), a bool, a string,
	// a []any or a map[string]any of such values; NoData{} when it had no
	// data (also inside an object or a list); nil when it was null or
	// could not be read (then Error says why).
	Value any `json:"value"`
	// Error is why Path could not be read; empty when it was.
	Error string `json:"error,omitempty"`
}

// NoData is the Value of a metric without samples: null in JSON, "no
// data" in text.
type NoData struct{}

// MarshalJSON writes null.
func (NoData) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// UnmarshalJSON reads what MarshalJSON wrote: numbers as float64 (as a
// json.Number when beyond float64's range), and null as NoData{} unless
// Error says the value could not be read. A null value (a variable set
// to null) therefore reads back as no data: both are null in JSON.
func (v *CheckValue) UnmarshalJSON(b []byte) error {
	type plain CheckValue
	var p struct {
		plain
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*v = CheckValue(p.plain)
	if len(p.Value) == 0 || string(p.Value) == "null" {
		if v.Error == "" {
			v.Value = NoData{}
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(p.Value))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return err
	}
	v.Value = fromJSON(x)
	return nil
}

func fromJSON(x any) any {
	switch x := x.(type) {
	case nil:
		return NoData{}
	case json.Number:
		if f, err := strconv.ParseFloat(string(x), 64); err == nil {
			return f
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = fromJSON(e)
		}
	case []any:
		for i, e := range x {
			x[i] = fromJSON(e)
		}
	}
	return x
}

// HasNoData reports whether the value read had no data.
func (v CheckValue) HasNoData() bool {
	_, ok := v.Value.(NoData)
	return ok
}

// Text renders the value for a report: numbers as FormatNumber does,
// strings quoted, "no data", "null", objects as {a = 1, b = 2} (keys
// sorted), lists as [1, 2], and "error: …" when it could not be read.
func (v CheckValue) Text() string {
	if v.Error != "" {
		return "error: " + v.Error
	}
	return FormatValue(v.Value)
}

// FormatValue renders a Value of a CheckValue (see Text).
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case NoData:
		return "no data"
	case float64:
		return FormatNumber(v)
	case json.Number:
		if b, ok := new(big.Float).SetString(string(v)); ok {
			return b.Text('g', 6)
		}
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return strconv.Quote(v)
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " = " + FormatValue(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = FormatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// FormatNumber prints integers as such and other numbers with at most 6
// significant digits, without trailing zeros or exponent; +Inf, -Inf and
// NaN as such (never as data that looks fine).
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatInt(int64(f), 10)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 6, 64), 64)
	if err != nil {
		r = f
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// MapText replaces every string of the value (the strings it holds, and
// Error) with f of it, e.g. to mask secrets; Path is left as written.
func (v *CheckValue) MapText(f func(string) string) {
	v.Value = mapText(v.Value, f)
	if v.Error != "" {
		v.Error = f(v.Error)
	}
}

func mapText(v any, f func(string) string) any {
	switch v := v.(type) {
	case string:
		return f(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = mapText(e, f)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = mapText(e, f)
		}
		return out
	}
	return v
}
