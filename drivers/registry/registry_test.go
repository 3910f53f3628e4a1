package registry

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/results"
)

// poolResults are the json names of results.Pool's fields.
var poolResults = func() []string {
	var out []string
	t := reflect.TypeFor[results.Pool]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out = append(out, name)
	}
	return out
}()

// TestDescriptors: every descriptor of the tool is consistent: it
// validates, each pool attribute has its field in the driver's
// configuration (a value set goes in and comes back out), and the names
// other code reads exist.
func TestDescriptors(t *testing.T) {
	if got := Default().Names(); !reflect.DeepEqual(got, []string{"postgres", "redis"}) {
		t.Fatalf("Default().Names() = %v", got)
	}
	for _, d := range Default().All() {
		if err := d.Validate(); err != nil {
			t.Error(err)
		}
		if d.EnvVar == "" || d.DefaultURL == "" || d.DefaultPort == "" || d.Title == "" || len(d.Schemes) == 0 {
			t.Errorf("%s: a target field is empty: %+v", d.Name, d)
		}
		// Every attribute set to a value other than its default survives
		// NewConfig then ValuesOf.
		v := d.Defaults()
		for i, a := range d.Pool {
			switch a.Type {
			case drivers.TypeBool:
				v[i].Val = !a.Default.(bool)
			case drivers.TypeCount:
				v[i].Val = a.Max
			case drivers.TypeDuration:
				v[i].Val = a.Default.(time.Duration) + 7*time.Millisecond
			case drivers.TypeEnum:
				v[i].Val = a.Enum[len(a.Enum)-1]
			}
		}
		if got := d.ValuesOf(d.NewConfig(v)); !reflect.DeepEqual(got, v) {
			t.Errorf("%s: ValuesOf(NewConfig(v)) =\n%v\nwant\n%v", d.Name, got, v)
		}
		if got := d.ValuesOf(d.DefaultConfig()); !reflect.DeepEqual(got, d.Defaults()) {
			t.Errorf("%s: ValuesOf(DefaultConfig()) = %v, want the defaults %v", d.Name, got, d.Defaults())
		}
		for _, m := range d.PoolMetrics {
			if !slices.Contains(poolResults, m) {
				t.Errorf("%s: pool metric %q is not a field of results.Pool %v", d.Name, m, poolResults)
			}
		}
		if d.AttrMeaning(drivers.MeaningMaxConns) == nil {
			t.Errorf("%s: no pool attribute means %s (preflight and expected durations read it)", d.Name, drivers.MeaningMaxConns)
		}
		for _, r := range d.Rules {
			for _, s := range r.Subject {
				if d.Attr(s) == nil {
					t.Errorf("%s: a rule's subject %q is not a pool attribute", d.Name, s)
				}
			}
			if msg := r.Check(d.Defaults()); msg != "" {
				t.Errorf("%s: the defaults break a rule: %s", d.Name, msg)
			}
		}
	}
}

// TestWith: With returns a new registry and leaves Default alone; a name
// registered twice or a descriptor that fails Validate panics.
func TestWith(t *testing.T) {
	extra := &drivers.Descriptor{Name: "extra", Pool: []drivers.PoolAttr{drivers.EnabledAttr},
		NewConfig: func(drivers.Values) any { return struct{}{} },
		Open: func(context.Context, any, drivers.Env) (drivers.Pool, error) {
			return nil, errors.New("not a real driver")
		},
	}
	r := Default().With(extra)
	if got := r.Names(); !reflect.DeepEqual(got, []string{"postgres", "redis", "extra"}) {
		t.Errorf("With: names %v", got)
	}
	if Default().Lookup("extra") != nil || len(Default().All()) != 2 {
		t.Errorf("With changed Default: %v", Default().Names())
	}
	panics := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		f()
	}
	panics("twice", func() { r.With(extra) })
	bad := *extra
	bad.Name = "bad"
	bad.Pool = []drivers.PoolAttr{drivers.EnabledAttr, {Name: "n", Type: drivers.TypeCount, Default: 5, Max: 3}}
	panics("default of the wrong type", func() { Default().With(&bad) })
	bad.Pool = []drivers.PoolAttr{drivers.EnabledAttr, {Name: "n", Type: drivers.TypeCount, Default: int64(5), Max: 3}}
	panics("default out of range", func() { Default().With(&bad) })
	bad.Pool = []drivers.PoolAttr{drivers.EnabledAttr}
	bad.Steps = []drivers.StepKind{{Name: "s", Attrs: []string{"nope"}}}
	panics("unknown step attribute", func() { Default().With(&bad) })
}
