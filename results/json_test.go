package results

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestJSONNoData: JSON writes null where checks see no data, and numbers
// (zero included) where there is data.
func TestJSONNoData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"summary without data", Summary{},
			`{"count":0,"min":null,"mean":null,"p50":null,"p90":null,"p95":null,"p99":null,"p999":null,"max":null,"stddev":null}`},
		{"summary", Summary{Count: 2, Min: 1, Mean: 1.5, P50: 1, P90: 2, P95: 2, P99: 2, P999: 2, Max: 2, Stddev: 0.5},
			`{"count":2,"min":1,"mean":1.5,"p50":1,"p90":2,"p95":2,"p99":2,"p999":2,"max":2,"stddev":0.5}`},
		{"summary with zeros", Summary{Count: 1},
			`{"count":1,"min":0,"mean":0,"p50":0,"p90":0,"p95":0,"p99":0,"p999":0,"max":0,"stddev":0}`},
		{"gauge without samples", Gauge{},
			`{"samples":0,"min":null,"max":null,"mean":null,"last":null,"stddev":null,"variance":null}`},
		{"gauge", Gauge{Samples: 1, Min: 3, Max: 3, Mean: 3, Last: 3},
			`{"samples":1,"min":3,"max":3,"mean":3,"last":3,"stddev":0,"variance":0}`},
		{"growth without samples", Growth{}, `{"samples":0,"min":null,"max":null,"growth":null}`},
		{"growth", Growth{Samples: 2, Min: 1, Max: 2, Growth: 1}, `{"samples":2,"min":1,"max":2,"growth":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("JSON = %s\nwant   %s", b, tc.want)
			}
		})
	}
}

// TestJSONPoolCounters: a pool counter the driver does not measure (nil)
// is null, a measured 0 is 0.
func TestJSONPoolCounters(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Pool{AcquireCount: iptr(0), NewConns: iptr(5)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"acquire_count":0`, `"new_conns":5`, `"hits":null`, `"misses":null`,
		`"timeouts":null`, `"stale_conns":null`, `"reuse_ratio":null`, `"warmup_ms":null`, `"close_ms":null`,
		`"empty_acquire_count":null`, `"canceled_acquire_count":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON pool = %s, want %s", b, want)
		}
	}
}

// TestJSONResultNoData: error_rate without finished iterations and
// throughput without a duration are null, as checks see them (no data);
// with data they are numbers, 0 included. A series record (Interval)
// writes the same members with t_ms first.
func TestJSONResultNoData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		r          Result
		rate, thru string
	}{
		{"nothing ran", Result{}, "null", "null"},
		{"only dropped", Result{Ops: Ops{Total: 5, Dropped: 5}, Duration: 1000}, "null", "0"},
		{"ok, no failures", Result{Ops: Ops{Total: 4, OK: 4}, Throughput: 4, Duration: 1000}, "0", "4"},
		{"failures", Result{Ops: Ops{Total: 4, OK: 2, Failed: 2}, ErrorRate: 0.5, Throughput: 2, Duration: 1000}, "0.5", "2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := `"error_rate":` + tc.rate + `,"throughput":` + tc.thru + `,`
			b, err := json.Marshal(tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), want) || !strings.HasPrefix(string(b), `{"ops":`) {
				t.Errorf("Result JSON = %s\nwant it to start with ops and hold %s", b, want)
			}
			b, err = json.Marshal(Interval{TMs: 1500, Result: tc.r})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), want) || !strings.HasPrefix(string(b), `{"t_ms":1500,"ops":`) {
				t.Errorf("Interval JSON = %s\nwant it to start with t_ms, ops and hold %s", b, want)
			}
		})
	}
}

// TestJSONResultRoundTrip: a Result and an Interval written with their
// MarshalJSON decode to what was written (optional members included,
// nested loads, phases and series with their own null rules).
func TestJSONResultRoundTrip(t *testing.T) {
	t.Parallel()
	r := fullResult()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, r) {
		t.Errorf("Result round trip differs:\n%s", b)
	}
	for _, want := range []string{`"t_ms":250,"ops":`, `"error_examples":{"query":`, `"histograms":{"latency":"HISTO"}`,
		`"load":{"reads":{`, `"phase":{"spike":{`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("no %s in %s", want, b)
		}
	}
	// omitempty members stay out when empty.
	b, err = json.Marshal(Result{})
	if err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"error_examples", `"load"`, `"phase"`, "histograms", "series"} {
		if strings.Contains(string(b), absent) {
			t.Errorf("empty Result has %s: %s", absent, b)
		}
	}
	if strings.Contains(string(b), `\u003c`) {
		t.Error("HTML escapes")
	}
}

// TestJSONLists: tags, checks, errors, faults, values and scenarios are
// [] when empty, and no_data false is written.
func TestJSONLists(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Run{Scenarios: nil})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"scenarios":[]`) {
		t.Errorf("Run JSON = %s, want scenarios []", b)
	}
	b, err = json.Marshal(ScenarioRun{Checks: []CheckResult{{Name: "c", Condition: "a <= b"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"tags":[]`, `"errors":[]`, `"faults":[]`, `"no_data":false`, `"values":[]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("ScenarioRun JSON = %s, want %s", b, want)
		}
	}
}
