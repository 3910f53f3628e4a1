package results

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{20, "20"},
		{0, "0"},
		{-3, "-3"},
		{0.5, "0.5"},
		{12.345678, "12.3457"},
		{0.000123456789, "0.000123457"},
		{1234567.5, "1234570"},
		{1e20, "100000000000000000000"},
		{math.Inf(1), "+Inf"},
		{math.Inf(-1), "-Inf"},
		{math.NaN(), "NaN"},
	} {
		if got := FormatNumber(tc.in); got != tc.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCheckValueForms: each kind of value, as the console prints it and
// as JSON writes it (numbers stay numbers, no data is null).
func TestCheckValueForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v              CheckValue
		text, jsonText string
	}{
		{CheckValue{Path: "p", Value: 20.0}, "20", `{"path":"p","value":20}`},
		{CheckValue{Path: "p", Value: 12.345678}, "12.3457", `{"path":"p","value":12.345678}`},
		{CheckValue{Path: "p", Value: json.Number("1e+400")}, "1e+400", `{"path":"p","value":1e+400}`},
		{CheckValue{Path: "p", Value: true}, "true", `{"path":"p","value":true}`},
		{CheckValue{Path: "p", Value: `a "b"`}, `"a \"b\""`, `{"path":"p","value":"a \"b\""}`},
		{CheckValue{Path: "p", Value: NoData{}}, "no data", `{"path":"p","value":null}`},
		{CheckValue{Path: "p", Value: nil}, "null", `{"path":"p","value":null}`},
		{CheckValue{Path: "p", Error: "Invalid index"}, "error: Invalid index", `{"path":"p","value":null,"error":"Invalid index"}`},
		{CheckValue{Path: "p", Value: []any{1.0, "x", NoData{}}}, `[1, "x", no data]`, `{"path":"p","value":[1,"x",null]}`},
		{CheckValue{Path: "p", Value: map[string]any{"b": 2.5, "a": false}}, "{a = false, b = 2.5}", `{"path":"p","value":{"a":false,"b":2.5}}`},
	} {
		if got := tc.v.Text(); got != tc.text {
			t.Errorf("%#v: Text = %s, want %s", tc.v.Value, got, tc.text)
		}
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatalf("%#v: %v", tc.v.Value, err)
		}
		if string(b) != tc.jsonText {
			t.Errorf("%#v: JSON = %s, want %s", tc.v.Value, b, tc.jsonText)
		}
		var back CheckValue
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		want := tc.v
		if want.Value == nil && want.Error == "" {
			want.Value = NoData{} // null reads back as no data
		}
		if !reflect.DeepEqual(back, want) {
			t.Errorf("%s reads back as %#v, want %#v", b, back, want)
		}
	}
}

func TestCheckValueMapText(t *testing.T) {
	t.Parallel()
	v := CheckValue{Path: "secret.path", Value: map[string]any{"a": []any{"secret", 1.0}, "b": "secret"}, Error: "secret"}
	orig := v.Value.(map[string]any)
	v.MapText(func(s string) string { return strings.ReplaceAll(s, "secret", "xxxxx") })
	if got, want := v.Text(), "error: xxxxx"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	v.Error = ""
	if got, want := v.Text(), `{a = ["xxxxx", 1], b = "xxxxx"}`; got != want || v.Path != "secret.path" {
		t.Errorf("Text = %q (path %q), want %q", got, v.Path, want)
	}
	if orig["b"] != "secret" {
		t.Error("MapText changed the value it was given instead of a copy")
	}
}
