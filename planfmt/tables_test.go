package planfmt

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
)

// faultWith is a fault of kind k with every attribute it takes set to a
// non-zero value.
func faultWith(t *testing.T, k faultkind.Kind) *plan.Fault {
	t.Helper()
	f := &plan.Fault{Kind: k.Name}
	v := reflect.ValueOf(f).Elem()
	for _, name := range k.Attrs {
		found := false
		for i := range v.NumField() {
			if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag != name {
				continue
			}
			found = true
			fv := v.Field(i)
			switch {
			case fv.Type() == reflect.TypeFor[plan.Direction]():
				fv.Set(reflect.ValueOf(plan.Both))
			case fv.Type() == reflect.TypeFor[time.Duration]():
				fv.SetInt(int64(time.Second))
			case fv.Kind() == reflect.String:
				fv.SetString("l")
			case fv.Kind() == reflect.Float64:
				fv.SetFloat(0.5)
			case fv.Kind() == reflect.Int64:
				fv.SetInt(7)
			case fv.Kind() == reflect.Bool:
				fv.SetBool(true)
			default:
				t.Fatalf("%s: no test value for %s (%s)", k.Name, name, fv.Type())
			}
		}
		if !found {
			t.Fatalf("%s: plan.Fault has no field %q", k.Name, name)
		}
	}
	return f
}

// TestEveryKindPrints: plan prints every attribute of every kind, and its
// window the way its timing says.
func TestEveryKindPrints(t *testing.T) {
	t.Parallel()
	for _, k := range faultkind.Kinds {
		f := faultWith(t, k)
		got := faultAttrs(f)
		for _, name := range k.Attrs {
			if name == "after" || name == "duration" {
				continue
			}
			a, _ := faultkind.AttrOf(name)
			want := name + "="
			if a.Type == faultkind.Bool {
				want = name
			}
			if !strings.Contains(" "+got, " "+want) {
				t.Errorf("%s: %q lacks %s", k.Name, got, want)
			}
		}
		if a, _ := faultkind.AttrOf("direction"); k.Takes("direction") && !strings.Contains(got, `direction="both"`) {
			t.Errorf("%s: %q: the %s is quoted as written", k.Name, got, a.Name)
		}
		w := window(&plan.Fault{Kind: k.Name, After: time.Second})
		if strings.HasPrefix(w, "@") != (k.Timing == faultkind.Instant) {
			t.Errorf("%s: window %q for timing %d", k.Name, w, k.Timing)
		}
	}
}

// TestEveryPatternPrints: plan shows every attribute of every pattern,
// set or not, and "unknown" iterations where the table says so.
func TestEveryPatternPrints(t *testing.T) {
	t.Parallel()
	for _, p := range loadpattern.Patterns {
		var b strings.Builder
		writeLoad(&b, &plan.Load{Name: "l", Pattern: p.Name}, "")
		got := b.String()
		for _, name := range p.Attrs {
			if !strings.Contains(got, "\n  "+name+" ") {
				t.Errorf("%s: no %s row in\n%s", p.Name, name, got)
			}
		}
		if strings.Contains(got, "unknown (closed model)") != p.UnknownIterations {
			t.Errorf("%s: expected_iterations row disagrees with the table:\n%s", p.Name, got)
		}
	}
}
