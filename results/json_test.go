package results

import (
	"encoding/json"
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
