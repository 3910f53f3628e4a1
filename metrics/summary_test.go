package metrics

import (
	"math"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

func TestSummary(t *testing.T) {
	t.Parallel()
	// 1..10000 µs, uniformly: every percentile is known exactly.
	r := NewRecorder(Options{})
	for i := 1; i <= 10000; i++ {
		r.OK(time.Duration(i)*time.Microsecond, 0)
	}
	s := Summary(r.cur.Latency)
	if s.Count != 10000 {
		t.Fatalf("Count = %d, want 10000", s.Count)
	}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"min", s.Min, 0.001},
		{"p50", s.P50, 5},
		{"p90", s.P90, 9},
		{"p95", s.P95, 9.5},
		{"p99", s.P99, 9.9},
		{"p999", s.P999, 9.99},
		{"max", s.Max, 10},
		{"mean", s.Mean, 5.0005},
		{"stddev", s.Stddev, 10 / math.Sqrt(12)},
	} {
		// HDR with 3 significant figures: within 0.1%.
		if !within(tc.got, tc.want, 0.001) {
			t.Errorf("%s = %v ms, want %v ms ±0.1%%", tc.name, tc.got, tc.want)
		}
	}
}

func TestSummaryNoData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		h    *hdrhistogram.Histogram
	}{
		{"nil", nil},
		{"empty", NewHistogram()},
	} {
		if got := Summary(tc.h); got != (results.Summary{}) {
			t.Errorf("%s: Summary = %+v, want zero (no data)", tc.name, got)
		}
	}
}

func TestFill(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		ok, failed     int
		d              time.Duration
		wantRate       float64
		wantThroughput float64
	}{
		{"no iterations", 0, 0, time.Second, 0, 0},
		{"no duration", 5, 0, 0, 0, 0},
		{"mixed", 30, 10, 2 * time.Second, 0.25, 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewRecorder(Options{})
			for range tc.ok {
				r.OK(time.Millisecond, 0)
			}
			for range tc.failed {
				r.Fail(kind(t, "query"), time.Millisecond, 0)
			}
			var res results.Result
			r.Fill(&res, tc.d)
			if res.ErrorRate != tc.wantRate || res.Throughput != tc.wantThroughput {
				t.Errorf("error_rate, throughput = %v, %v; want %v, %v",
					res.ErrorRate, res.Throughput, tc.wantRate, tc.wantThroughput)
			}
			if res.Duration != float64(tc.d.Milliseconds()) {
				t.Errorf("duration = %v ms, want %v", res.Duration, tc.d.Milliseconds())
			}
			if len(res.Errors) != len(results.ErrorKinds) || res.Errors["query"] != int64(tc.failed) {
				t.Errorf("errors = %v", res.Errors)
			}
			if res.Latency.Count != int64(tc.ok+tc.failed) {
				t.Errorf("latency count = %d", res.Latency.Count)
			}
		})
	}
}

func TestHistogramsDecode(t *testing.T) {
	t.Parallel()
	r := NewRecorder(Options{})
	for i := 1; i <= 500; i++ {
		r.OK(time.Duration(i)*time.Millisecond, time.Duration(i)*time.Microsecond)
	}
	enc, err := r.Histograms()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"latency", "acquire"} {
		h, err := hdrhistogram.Decode([]byte(enc[name]))
		if err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		if h.TotalCount() != 500 {
			t.Errorf("%s: decoded %d values, want 500", name, h.TotalCount())
		}
		// Decoded histograms merge back without loss.
		if dropped := NewHistogram().Merge(h); dropped != 0 {
			t.Errorf("%s: merge dropped %d", name, dropped)
		}
	}
}
