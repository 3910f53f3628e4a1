package report

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// withHistograms records real iterations and attaches their histograms,
// as the engine does, to the scenario and to one of its loads.
func withHistograms(t *testing.T, s *results.ScenarioRun) {
	t.Helper()
	rec := metrics.NewRecorder(metrics.Options{})
	for i := 1; i <= 1000; i++ {
		rec.OK(time.Duration(i)*time.Millisecond, time.Duration(i)*time.Microsecond)
	}
	h, err := rec.Histograms()
	if err != nil {
		t.Fatal(err)
	}
	s.Result.Histograms = h
	load := &results.Result{Errors: errorsOf(nil), Histograms: h}
	rec.Fill(load, time.Second)
	s.Result.Loads = map[string]*results.Result{"holders": load}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	t.Parallel()
	r := run()
	withHistograms(t, r.Scenarios[1])
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var back results.Run
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("decode: %v", err)
	}
	// Everything round-trips but the secrets, which are masked.
	want := run()
	withHistograms(t, want.Scenarios[1])
	want.Targets["postgres"] = "postgres://stressql:xxxxx@127.0.0.1:5432/stressql"
	want.Scenarios[2].Errors[0] = "open pool: dial redis://:xxxxx@127.0.0.1:6379/0: connect: connection refused"
	// Lists are always written ([] when empty), so they decode empty, not nil.
	for _, s := range want.Scenarios {
		s.Tags, s.Checks, s.Errors, s.Faults = emptyIfNil(s.Tags), emptyIfNil(s.Checks), emptyIfNil(s.Errors), emptyIfNil(s.Faults)
		s.Warnings = emptyIfNil(s.Warnings)
		for i := range s.Checks {
			s.Checks[i].Values = emptyIfNil(s.Checks[i].Values)
		}
		emptyNodes(s.Result)
	}
	if !reflect.DeepEqual(&back, want) {
		t.Errorf("decoded report differs from the run:\n%s", buf.String())
	}
	for _, part := range []*results.Result{back.Scenarios[1].Result, back.Scenarios[1].Result.Loads["holders"]} {
		for name, enc := range part.Histograms {
			h, err := hdrhistogram.Decode([]byte(enc))
			if err != nil {
				t.Fatalf("histogram %s: %v", name, err)
			}
			if h.TotalCount() != 1000 {
				t.Errorf("histogram %s: %d values, want 1000", name, h.TotalCount())
			}
		}
	}
	// Readable, stable: indented, fields in struct order, no HTML escapes.
	out := buf.String()
	if !strings.HasPrefix(out, "{\n  \"schema_version\": 3,\n  \"version\": ") {
		t.Errorf("unexpected start: %.80q", out)
	}
	if !strings.Contains(out, `"condition": "pool.total_conns.max <= var.pg_max_conns"`) {
		t.Error("condition escaped or missing")
	}
	// Schema 2: the values a check read are typed; no data is null.
	for _, want := range []string{`"path": "pool.total_conns.max",
              "value": 25
`, `"path": "recovery_ms",
              "value": null
`, `"path": "error_rate",
              "value": 0.5
`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the report", want)
		}
	}
}

// emptyNodes makes pool.nodes of r and of its parts empty lists.
func emptyNodes(r *results.Result) {
	if r == nil {
		return
	}
	r.Pool.Nodes = emptyIfNil(r.Pool.Nodes)
	for _, p := range r.Loads {
		emptyNodes(p)
	}
	for _, p := range r.Phases {
		emptyNodes(p)
	}
	for i := range r.Series {
		emptyNodes(&r.Series[i].Result)
	}
}

func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// TestWriteJSONAlwaysWritten: errors, faults and no_data are written when
// empty or false, as docs/results.md shows them, not left out.
func TestWriteJSONAlwaysWritten(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, &results.Run{Scenarios: []*results.ScenarioRun{passing()}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"errors": [],`, `"faults": [],`, `"no_data": false,`, `"tags": [
        "throughput"
      ],`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %s in\n%s", want, buf.String())
		}
	}
}

func TestWriteJSONNonFinite(t *testing.T) {
	t.Parallel()
	r := run()
	res := r.Scenarios[0].Result
	res.ErrorRate = math.NaN()
	res.Throughput = math.Inf(1)
	res.Latency.Stddev = math.Inf(-1)
	res.RecoveryMs = fptr(math.NaN())
	res.Pool.CloseMs = fptr(math.Inf(1))
	res.Phases = map[string]*results.Result{"spike": {Duration: math.NaN()}}
	before := *res
	r.Scenarios[0].Checks[0].Values = []results.CheckValue{{Path: "var.inf", Value: math.Inf(-1)},
		{Path: "var.l", Value: []any{math.Inf(1)}}}

	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	var back results.Run
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	got := back.Scenarios[0].Result
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"error_rate (NaN)", got.ErrorRate, 0},
		{"throughput (+Inf)", got.Throughput, math.MaxFloat64},
		{"latency.stddev (-Inf)", got.Latency.Stddev, -math.MaxFloat64},
		{"pool.close_ms (+Inf)", *got.Pool.CloseMs, math.MaxFloat64},
		{"phase.spike.duration (NaN)", got.Phases["spike"].Duration, 0},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if v := back.Scenarios[0].Checks[0].Values; v[0].Value != -math.MaxFloat64 || v[1].Value.([]any)[0] != math.MaxFloat64 {
		t.Errorf("check values (-Inf, [+Inf]) = %v", v)
	}
	if v := r.Scenarios[0].Checks[0].Values[0].Value.(float64); !math.IsInf(v, -1) {
		t.Error("WriteJSON changed a check value of its input")
	}
	if got.RecoveryMs != nil {
		t.Errorf("recovery_ms (NaN) = %v, want null", *got.RecoveryMs)
	}
	// The run itself is untouched.
	if !math.IsNaN(res.ErrorRate) || !math.IsNaN(*res.RecoveryMs) || !reflect.DeepEqual(res.Errors, before.Errors) {
		t.Error("WriteJSON changed its input")
	}
}
