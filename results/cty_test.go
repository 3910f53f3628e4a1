package results

import (
	"encoding/json"
	"github.com/stressql/stressql/internal/faultkind"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

func ptr(f float64) *float64 { return &f }

func iptr(n int64) *int64 { return &n }

// full returns a Result where every metric has data.
func full() *Result {
	g := Gauge{Samples: 3, Min: 1, Max: 5, Mean: 3, Last: 4, Stddev: 2, Variance: 4}
	gr := Growth{Samples: 3, Min: 10, Max: 12, Growth: 2}
	s := Summary{Count: 10, Min: 1, Mean: 5, P50: 4, P90: 9, P95: 12.5, P99: 20, P999: 21, Max: 21, Stddev: 3}
	errs := make(map[string]int64)
	for _, k := range ErrorKinds {
		errs[k] = 0
	}
	errs["timeout"] = 2
	examples := make(map[string]ErrorExample)
	for _, k := range ErrorKinds {
		examples[k] = ErrorExample{Message: "first " + k, AtMs: 12.5}
	}
	r := &Result{
		Ops:           Ops{Total: 12, OK: 9, Failed: 2, Dropped: 1},
		ErrorRate:     2.0 / 11,
		Throughput:    4.5,
		Duration:      2000,
		Errors:        errs,
		Latency:       s,
		ErrorExamples: examples,
		Acquire:       s,
		Pool: Pool{TotalConns: g, IdleConns: g, InUseConns: g, NewConns: iptr(4), Hits: iptr(3), Misses: iptr(1),
			ReuseRatio: ptr(0.75), CloseMs: ptr(1.5), WarmupMs: ptr(3)},
		Server:     Server{Conns: g},
		Process:    Process{RSSMB: gr, HeapMB: gr, Goroutines: gr, FDs: gr},
		Retries:    1,
		Fallbacks:  2,
		Breaker:    Breaker{Opened: 1},
		RecoveryMs: ptr(250),
		Faults:     FaultTiming{Count: 1, Late: 1, LateMs: ptr(780), ToleranceMs: 50, Kinds: map[string]FaultTime{}},
		Histograms: map[string]string{"latency": "x"},
	}
	for _, k := range faultkind.Names() {
		r.Faults.Kinds[k] = FaultTime{Phase: "spike", PlannedStartMs: 500, StartMs: ptr(1280), PlannedEndMs: ptr(2000), EndMs: ptr(2020), LateMs: 780}
	}
	return r
}

// keysOf renders the attribute tree of a JSON object or a cty type, one
// dotted path per leaf, sorted.
func jsonLeaves(prefix string, v any, out *[]string) {
	m, ok := v.(map[string]any)
	if !ok {
		*out = append(*out, prefix)
		return
	}
	for k, x := range m {
		jsonLeaves(prefix+"."+k, x, out)
	}
}

func ctyLeaves(prefix string, t cty.Type, out *[]string) {
	if !t.IsObjectType() {
		*out = append(*out, prefix)
		return
	}
	for k, x := range t.AttributeTypes() {
		ctyLeaves(prefix+"."+k, x, out)
	}
}

// TestVariableTypesMatchJSON: checks read the same names, with the same
// nesting, as the JSON report prints.
func TestVariableTypesMatchJSON(t *testing.T) {
	t.Parallel()
	r := full()
	r.Loads = map[string]*Result{"reads": full(), "writes": full()}
	r.Phases = map[string]*Result{"spike": full()}
	r.Phases["spike"].Loads = map[string]*Result{"writes": full()}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, parts := range []string{"load", "phase"} {
		for _, part := range doc[parts].(map[string]any) {
			delete(part.(map[string]any), "histograms")
		}
	}
	for _, part := range doc["phase"].(map[string]any)["spike"].(map[string]any)["load"].(map[string]any) {
		delete(part.(map[string]any), "histograms")
	}
	delete(doc, "histograms")
	// pool.nodes (a Redis Cluster pool per node) is not read by checks.
	var dropNodes func(m map[string]any)
	dropNodes = func(m map[string]any) {
		if p, ok := m["pool"].(map[string]any); ok {
			delete(p, "nodes")
		}
		for _, parts := range []string{"load", "phase"} {
			if ps, ok := m[parts].(map[string]any); ok {
				for _, part := range ps {
					dropNodes(part.(map[string]any))
				}
			}
		}
	}
	dropNodes(doc)

	var want, got []string
	jsonLeaves("", doc, &want)
	for name, typ := range VariableTypes([]string{"reads", "writes"}, []string{"", "spike"}, map[string][]string{"spike": {"writes"}}) {
		ctyLeaves("."+name, typ, &got)
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cty names differ from JSON names\n got: %v\nwant: %v", got, want)
	}
	for _, k := range ErrorKinds {
		if !VariableTypes(nil, nil, nil)["errors"].HasAttribute(k) {
			t.Errorf("errors has no %s", k)
		}
	}
}

func eval(t *testing.T, src string, vars map[string]cty.Value) (cty.Value, hcl.Diagnostics) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "check.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %s", src, diags)
	}
	return expr.Value(&hcl.EvalContext{Variables: vars})
}

func unknowns(types map[string]cty.Type) map[string]cty.Value {
	vars := make(map[string]cty.Value, len(types))
	for k, typ := range types {
		vars[k] = cty.UnknownVal(typ)
	}
	return vars
}

// TestStaticValidation is how dsl validates a check before anything runs.
func TestStaticValidation(t *testing.T) {
	t.Parallel()
	types := VariableTypes([]string{"reads", "writes"}, []string{"warmup", "spike"},
		map[string][]string{"warmup": {"writes"}, "spike": {"reads"}})
	for _, tc := range []struct {
		src     string
		wantErr string // diagnostic summary; "" = valid
	}{
		{"latency.p95 < 50", ""},
		{"latency.p59 < 50", "Unsupported attribute"},
		{"errors.acquire_timeout == 20 && errors.breaker_open == 0", ""},
		{"errors.bogus == 0", "Unsupported attribute"},
		{"pool.total_conns.max <= 20 && pool.total_conns.variance < 20", ""},
		{"pool.total_conns.p95 <= 20", "Unsupported attribute"},
		{"pool.close_ms < 100 && pool.warmup_ms < 100 && recovery_ms < 1000", ""},
		{"process.rss_mb.growth < 50 && process.fds.max < 100", ""},
		{"server.conns.max <= 10", ""},
		{"load.reads.ops.ok > 0 && phase.spike.error_rate < 0.1", ""},
		{"load.typo.ops.ok > 0", "Unsupported attribute"},
		{"phase.spike.load.reads.ops.ok > 0 && phase.spike.load.reads.latency.p99 < 5", ""},
		{"phase.warmup.load.writes.pool.reuse_ratio > 0.5", ""},
		{"phase.warmup.load.reads.ops.ok > 0", "Unsupported attribute"}, // reads runs in spike only
		{"phase.spike.load.typo.ops.ok > 0", "Unsupported attribute"},
		{"phase.spike.load.reads.load.reads.ops.ok > 0", "Unsupported attribute"}, // loads do not nest
		{"load.reads.load.reads.ops.ok > 0", "Unsupported attribute"},
		{"histograms.latency != \"\"", "Unknown variable"},
		{"error_examples.acquire_timeout.message != \"\" && error_examples.query.at_ms < 100", ""},
		{"error_examples.bogus.message != \"\"", "Unsupported attribute"},
		{"error_examples.query.text != \"\"", "Unsupported attribute"},
		{"breaker.opened >= 1 && retries > 0 && fallbacks > 0 && throughput > 1 && duration > 0", ""},
	} {
		v, diags := eval(t, tc.src, unknowns(types))
		switch {
		case tc.wantErr == "" && diags.HasErrors():
			t.Errorf("%s: unexpected error: %s", tc.src, diags)
		case tc.wantErr != "" && (!diags.HasErrors() || diags[0].Summary != tc.wantErr):
			t.Errorf("%s: diagnostics %v, want %q", tc.src, diags, tc.wantErr)
		case tc.wantErr == "" && v.Type() != cty.Bool:
			t.Errorf("%s: type %s, want bool", tc.src, v.Type().FriendlyName())
		}
	}
}

func TestVariablesNoData(t *testing.T) {
	t.Parallel()
	empty := &Result{Errors: map[string]int64{}}
	loads, phases := []string{"reads"}, []string{"spike", "calm"}
	phaseLoads := map[string][]string{"spike": {"reads"}, "calm": {"reads"}}
	withPhase := full()
	withPhase.Loads = map[string]*Result{"reads": {Ops: Ops{Total: 30, OK: 30}}}
	withPhase.Phases = map[string]*Result{"spike": full(), "calm": full()}
	withPhase.Phases["spike"].Loads = map[string]*Result{"reads": {Ops: Ops{Total: 10, OK: 10}}}
	for _, tc := range []struct {
		name string
		r    *Result
		src  string
		want cty.Value // unknown = no data
	}{
		{"p95 without data", empty, "latency.p95 < 50", cty.UnknownVal(cty.Bool)},
		{"p95 with data, passing", full(), "latency.p95 < 50", cty.True},
		{"p95 with data, failing", full(), "latency.p95 < 10", cty.False},
		{"count is known without data", empty, "latency.count == 0", cty.True},
		{"gauge without samples", empty, "pool.total_conns.max <= 20", cty.UnknownVal(cty.Bool)},
		{"gauge samples known", empty, "server.conns.samples == 0", cty.True},
		{"variance", full(), "pool.total_conns.variance == 4", cty.True},
		{"growth without samples", empty, "process.rss_mb.growth < 50", cty.UnknownVal(cty.Bool)},
		{"growth", full(), "process.rss_mb.growth == 2", cty.True},
		{"reuse ratio without hits or misses", empty, "pool.reuse_ratio > 0.9", cty.UnknownVal(cty.Bool)},
		{"reuse ratio", full(), "pool.reuse_ratio == 0.75", cty.True},
		{"counter not measured", full(), "pool.acquire_count == 0", cty.UnknownVal(cty.Bool)},
		{"counters not measured (redis)", &Result{Pool: Pool{Hits: iptr(3), Misses: iptr(1), ReuseRatio: ptr(0.75)}}, "pool.acquire_count == 0 && pool.new_conns == 0", cty.UnknownVal(cty.Bool)},
		{"measured counter at zero", &Result{Pool: Pool{AcquireCount: iptr(0)}}, "pool.acquire_count == 0", cty.True},
		{"measured counter", full(), "pool.new_conns == 4 && pool.hits == 3", cty.True},
		{"warmup_ms nil", empty, "pool.warmup_ms >= 0", cty.UnknownVal(cty.Bool)},
		{"close_ms nil", empty, "pool.close_ms < 100", cty.UnknownVal(cty.Bool)},
		{"warmup_ms", full(), "pool.warmup_ms == 3", cty.True},
		{"recovery nil", empty, "recovery_ms < 1000", cty.UnknownVal(cty.Bool)},
		{"recovery", full(), "recovery_ms == 250", cty.True},
		{"error rate without iterations", empty, "error_rate < 0.01", cty.UnknownVal(cty.Bool)},
		{"error rate with only dropped", &Result{Ops: Ops{Total: 3, Dropped: 3}, Duration: 5},
			"error_rate < 0.01", cty.UnknownVal(cty.Bool)},
		{"throughput without duration", empty, "throughput > 0", cty.UnknownVal(cty.Bool)},
		{"counters are known at zero", empty,
			"ops.total == 0 && errors.timeout == 0 && retries == 0 && breaker.opened == 0", cty.True},
		{"nil errors map reads zero", &Result{}, "errors.acquire_timeout == 0", cty.True},
		{"errors", full(), "errors.timeout == 2 && errors.refused == 0", cty.True},
		{"example of a kind that occurred", &Result{ErrorExamples: map[string]ErrorExample{
			"acquire_timeout": {Message: "acquire: timed out waiting for a pool connection after 500ms", AtMs: 512}}},
			`error_examples.acquire_timeout.message == "acquire: timed out waiting for a pool connection after 500ms" && error_examples.acquire_timeout.at_ms == 512`, cty.True},
		{"example of a kind that did not occur is no data", &Result{ErrorExamples: map[string]ErrorExample{
			"acquire_timeout": {Message: "x"}}}, `error_examples.query.message == "x"`, cty.UnknownVal(cty.Bool)},
		{"no examples at all is no data", &Result{}, `error_examples.query.at_ms > 0`, cty.UnknownVal(cty.Bool)},
		{"NaN is no data", &Result{Latency: Summary{Count: 1, P95: math.NaN()}}, "latency.p95 < 5", cty.UnknownVal(cty.Bool)},
		{"infinity is a number", &Result{Duration: 1, Throughput: math.Inf(1)}, "throughput > 1e300", cty.True},
		{"nil result", nil, "ops.total == 0", cty.UnknownVal(cty.Bool)},
		{"load that never ran", full(), "load.reads.ops.ok > 0", cty.UnknownVal(cty.Bool)},
		{"phase that ran", withPhase, "phase.spike.latency.p95 < 50", cty.True},
		{"load of a phase", withPhase, "phase.spike.load.reads.ops.total == 10 && load.reads.ops.total == 30", cty.True},
		{"load of a phase without data", withPhase, "phase.spike.load.reads.latency.p95 < 50", cty.UnknownVal(cty.Bool)},
		{"load that did not run in a phase that ran", withPhase, "phase.calm.load.reads.ops.total == 0", cty.UnknownVal(cty.Bool)},
		{"load of a phase that never ran", full(), "phase.spike.load.reads.ops.total == 0", cty.UnknownVal(cty.Bool)},
		{"compound", full(), "latency.p95 < 50 && recovery_ms < 1 || false", cty.False},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vars := Variables(tc.r, loads, phases, phaseLoads)
			v, diags := eval(t, tc.src, vars)
			if diags.HasErrors() {
				t.Fatalf("%s: %s", tc.src, diags)
			}
			if v.Type() != cty.Bool || v.IsKnown() != tc.want.IsKnown() || (v.IsKnown() && !v.RawEquals(tc.want)) {
				t.Errorf("%s = %#v, want %#v", tc.src, v, tc.want)
			}
		})
	}
}

// TestVariablesConform: values always have the types dsl validated with.
func TestVariablesConform(t *testing.T) {
	t.Parallel()
	loads, phases := []string{"a", "b"}, []string{"", "p", "q"}
	phaseLoads := map[string][]string{"p": {"a"}, "q": {"a", "b"}}
	types := VariableTypes(loads, phases, phaseLoads)
	withParts := full()
	withParts.Loads = map[string]*Result{"a": full(), "extra": full()}
	withParts.Phases = map[string]*Result{"p": {}, "q": full()}
	withParts.Phases["q"].Loads = map[string]*Result{"b": full(), "extra": full()}
	for name, r := range map[string]*Result{"nil": nil, "empty": {}, "full": full(), "parts": withParts} {
		vars := Variables(r, loads, phases, phaseLoads)
		if len(vars) != len(types) {
			t.Errorf("%s: %d variables, want %d", name, len(vars), len(types))
		}
		for k, typ := range types {
			if got := vars[k].Type(); !got.Equals(typ) {
				t.Errorf("%s: %s has type %s, want %s", name, k, got.GoString(), typ.GoString())
			}
		}
	}
}
