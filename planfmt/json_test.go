package planfmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestJSONHandPlan(t *testing.T) {
	b, err := MarshalJSON(handPlan())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/hand.plan.json.golden", append(b, '\n'))
}

// TestJSONMatchesEncodingJSON: the plan JSON has exactly the members
// encoding/json would write, in the same order, with the same values,
// except that durations are strings and nil lists are [].
func TestJSONMatchesEncodingJSON(t *testing.T) {
	p := handPlan()
	ours, err := MarshalJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	std, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(ours, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(std, &b); err != nil {
		t.Fatal(err)
	}
	durations := 0
	compareJSON(t, "$", a, b, &durations)
	if durations < 20 {
		t.Errorf("only %d durations compared; the fixture should have many", durations)
	}
}

// compareJSON walks ours and std together.
func compareJSON(t *testing.T, path string, ours, std any, durations *int) {
	t.Helper()
	switch o := ours.(type) {
	case map[string]any:
		s, ok := std.(map[string]any)
		if !ok {
			t.Errorf("%s: object, encoding/json has %T", path, std)
			return
		}
		if len(o) != len(s) {
			t.Errorf("%s: %d members, encoding/json has %d", path, len(o), len(s))
		}
		for k, v := range o {
			compareJSON(t, path+"."+k, v, s[k], durations)
		}
	case []any:
		s, _ := std.([]any)
		if std != nil && s == nil {
			t.Errorf("%s: list, encoding/json has %T", path, std)
			return
		}
		if len(o) != len(s) {
			t.Errorf("%s: %d elements, encoding/json has %d", path, len(o), len(s))
			return
		}
		for i := range o {
			compareJSON(t, fmt.Sprintf("%s[%d]", path, i), o[i], s[i], durations)
		}
	case string:
		if n, ok := std.(float64); ok {
			d, err := time.ParseDuration(o)
			if err != nil || float64(d) != n {
				t.Errorf("%s: %q does not parse to %v ns (%v)", path, o, n, err)
			}
			*durations++
			return
		}
		if o != std {
			t.Errorf("%s: %q, encoding/json has %v", path, o, std)
		}
	default:
		if ours != std {
			t.Errorf("%s: %v, encoding/json has %v", path, ours, std)
		}
	}
}

// TestJSONMemberOrder: members come in the same order as encoding/json's,
// which is declaration order.
func TestJSONMemberOrder(t *testing.T) {
	p := handPlan()
	ours, err := MarshalJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	std, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	a, b := keyOrder(t, ours), keyOrder(t, std)
	if len(a) < 100 || !slices.Equal(a, b) {
		t.Errorf("member order differs:\nours %v\nstd  %v", a, b)
	}
}

// keyOrder lists every object member name of a JSON document, in order.
func keyOrder(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	type frame struct{ object, wantKey bool }
	var stack []frame
	var keys []string
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		default:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				keys = append(keys, v.(string))
				stack[n-1].wantKey = false
				continue
			}
			valueDone()
		}
	}
	return keys
}

func TestDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{250 * time.Millisecond, "250ms"},
		{1500 * time.Millisecond, "1.5s"},
		{time.Minute, "1m"},
		{90 * time.Second, "1m30s"},
		{time.Hour, "1h"},
		{time.Hour + 30*time.Minute, "1h30m"},
		{time.Hour + 5*time.Second, "1h0m5s"},
		{10 * time.Minute, "10m"},
		{1500 * time.Microsecond, "1.5ms"},
	}
	for _, tt := range tests {
		got := Duration(tt.d)
		if got != tt.want {
			t.Errorf("Duration(%v) = %q, want %q", int64(tt.d), got, tt.want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != tt.d {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", got, back, err, tt.d)
		}
	}
}
