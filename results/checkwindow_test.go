package results

import (
	"reflect"
	"strings"
	"testing"
)

// TestCheckResultNamesInJSONExample: every member of a check's result,
// the window of a windowed check's included, appears in docs/results.md's
// example of the --json report.
func TestCheckResultNamesInJSONExample(t *testing.T) {
	t.Parallel()
	b, err := readDoc("../docs/results.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[CheckResult](), reflect.TypeFor[CheckWindow]()} {
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if !strings.Contains(b, `"`+name+`":`) {
				t.Errorf("docs/results.md's example has no %q member (%s.%s)", name, typ.Name(), typ.Field(i).Name)
			}
		}
	}
}
