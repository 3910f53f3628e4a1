package planfmt

import (
	"flag"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestTextHandPlan(t *testing.T) {
	golden(t, "testdata/hand.plan.golden", []byte(String(handPlan())))
}

// jsonNames lists the json names of the fields of a struct type.
func jsonNames[T any]() []string {
	var names []string
	t := reflect.TypeFor[T]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// TestTextCoversEveryField fails when the Plan gains a field that the text
// form does not know about: print it, then add it here.
func TestTextCoversEveryField(t *testing.T) {
	tests := []struct {
		name  string
		got   []string
		shown []string
	}{
		{"Scenario", jsonNames[plan.Scenario](), []string{"name", "driver", "description", "tags", "timeout", "allow_dangerous", "topology", "phases", "checks", "expected_duration", "source"}},
		{"Phase", jsonNames[plan.Phase](), []string{"name", "pool", "loads", "faults", "expected_duration", "source", "resize"}},
		{"Check", jsonNames[plan.Check](), []string{"name", "condition", "window", "abort", "source"}},
		// the driver's attributes come from its descriptor (writePool)
		{"Pool", jsonNames[plan.Pool](), []string{"source"}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.shown) {
			t.Errorf("%s fields = %v; the text form shows %v", tt.name, tt.got, tt.shown)
		}
	}
	// Load: each field is a pattern parameter or shown on its own.
	for _, name := range jsonNames[plan.Load]() {
		param := false
		for _, p := range loadpattern.Patterns {
			param = param || p.Takes(name)
		}
		if !param && !slices.Contains(loadFields, name) {
			t.Errorf("Load field %q is neither a pattern parameter nor in loadFields", name)
		}
	}
}

func TestWindow(t *testing.T) {
	tests := []struct {
		name string
		f    plan.Fault
		want string
	}{
		{"window", plan.Fault{Kind: faultkind.Outage, After: time.Second, Duration: 2 * time.Second}, "+1s..+3s"},
		{"to the end of the phase", plan.Fault{Kind: faultkind.Latency, After: time.Second}, "+1s..end"},
		{"from the start", plan.Fault{Kind: faultkind.DNS}, "+0s..end"},
		{"instant terminate", plan.Fault{Kind: faultkind.Terminate, After: 2 * time.Second}, "@+2s"},
		{"instant close_pool", plan.Fault{Kind: faultkind.ClosePool, After: 1500 * time.Millisecond}, "@+1.5s"},
		{"minutes", plan.Fault{Kind: faultkind.Pause, After: time.Minute, Duration: 90 * time.Second}, "+1m..+2m30s"},
	}
	for _, tt := range tests {
		if got := window(&tt.f); got != tt.want {
			t.Errorf("%s: window = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFaultsSortedByStart(t *testing.T) {
	var b strings.Builder
	writeFaults(&b, []*plan.Fault{
		{Kind: faultkind.Terminate, After: 3 * time.Second},
		{Kind: faultkind.Outage, After: time.Second, Duration: time.Second},
		{Kind: faultkind.Latency, After: time.Second, Delay: time.Millisecond},
		{Kind: faultkind.Error, Probability: 0.5},
	}, "")
	want := "faults\n" +
		"  +0s..end  error probability=0.5\n" +
		"  +1s..+2s  outage\n" +
		"  +1s..end  latency delay=1ms\n" +
		"  @+3s      terminate\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestStep(t *testing.T) {
	key := arg.Template(`"k:${worker}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Worker()})
	tests := []struct {
		name string
		s    drivers.Step
		want string
	}{
		{"no attributes", drivers.Step{Kind: "ping"}, "ping"},
		{"duration", drivers.Step{Kind: "hold", Duration: 1500 * time.Millisecond}, "hold duration=1.5s"},
		{"sql quoted, newlines escaped", drivers.Step{Kind: "query", SQL: "SELECT 1\nFROM t"}, `query sql="SELECT 1\nFROM t"`},
		{"args as written", drivers.Step{Kind: "command", Args: []arg.Expr{arg.Const("GET"), key}}, `command args=["GET", "k:${worker}"]`},
		{"key, value and ttl", drivers.Step{Kind: "set", Key: &key, Value: &key, TTL: time.Second}, `set key="k:${worker}" value="k:${worker}" ttl=1s`},
	}
	for _, tt := range tests {
		if got := step(tt.s); got != tt.want {
			t.Errorf("%s: step = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		p    *plan.Plan
		want string
	}{
		{"empty", &plan.Plan{}, "Plan: no scenarios."},
		{"one", &plan.Plan{Scenarios: []*plan.Scenario{{Driver: "redis", ExpectedDuration: time.Second}}}, "Plan: 1 scenario (1 redis), expected to take 1s."},
		{"drivers in order of appearance", &plan.Plan{Scenarios: []*plan.Scenario{
			{Driver: "redis", ExpectedDuration: time.Minute},
			{Driver: "postgres", ExpectedDuration: 30 * time.Second},
			{Driver: "redis", ExpectedDuration: 30 * time.Second},
		}}, "Plan: 3 scenarios (2 redis, 1 postgres), expected to take 2m."},
	}
	for _, tt := range tests {
		if got := summary(tt.p); got != tt.want {
			t.Errorf("%s: summary = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTextDeterministic: the same plan prints the same bytes.
func TestTextDeterministic(t *testing.T) {
	first := String(handPlan())
	for range 20 {
		if got := String(handPlan()); got != first {
			t.Fatal("two printings of the same plan differ")
		}
	}
}
