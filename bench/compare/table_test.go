package main

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRowFinish(t *testing.T) {
	t.Parallel()
	atLeast := &Target{Of: OfBaseline, Op: ">=", Bound: 0.95}
	within := &Target{Of: OfBaseline, Op: "±", Bound: 0.01}
	below := &Target{Of: OfValue, Op: "<", Bound: 1}
	noMore := &Target{Of: OfScaled, Op: "<=", Bound: 1}
	for _, tc := range []struct {
		name       string
		row        Row
		wantStatus string
		wantRatio  float64 // VsBaseline; 0 = none
	}{
		// 96 of 100: the 0.95 floor is met.
		{"ratio met", Row{Stressql: ptr(96), Baseline: ptr(100), Target: atLeast}, StatusPass, 0.96},
		// Exactly on the bound passes.
		{"ratio on bound", Row{Stressql: ptr(95), Baseline: ptr(100), Target: atLeast}, StatusPass, 0.95},
		{"ratio missed", Row{Stressql: ptr(90), Baseline: ptr(100), Target: atLeast}, StatusMiss, 0.90},
		// Achieved 9950 of 10000 is 0.5% short: within 1%.
		{"within 1% low", Row{Stressql: ptr(9950), Baseline: ptr(10000), Target: within}, StatusPass, 0.995},
		{"within 1% high", Row{Stressql: ptr(10099), Baseline: ptr(10000), Target: within}, StatusPass, 1.0099},
		{"outside 1%", Row{Stressql: ptr(9800), Baseline: ptr(10000), Target: within}, StatusMiss, 0.98},
		{"value below", Row{Stressql: ptr(0.4), Target: below}, StatusPass, 0},
		{"value not below", Row{Stressql: ptr(1), Target: below}, StatusMiss, 0},
		{"no target", Row{Stressql: ptr(42)}, StatusInfo, 0},
		{"not measured", Row{Target: below}, StatusError, 0},
		// A ratio target without a baseline cannot be judged.
		{"no baseline", Row{Stressql: ptr(1), Target: atLeast}, StatusError, 0},
		// A zero baseline gives no ratio rather than +Inf.
		{"zero baseline", Row{Stressql: ptr(1), Baseline: ptr(0), Target: atLeast}, StatusError, 0},
		// A scaled target judges the value against Bound × the baseline:
		// 0 dropped against 0 dropped meets "no more than", where the ratio
		// is undefined; 3 against 0 does not.
		{"scaled 0 vs 0", Row{Stressql: ptr(0), Baseline: ptr(0), Target: noMore}, StatusPass, 0},
		{"scaled 3 vs 0", Row{Stressql: ptr(3), Baseline: ptr(0), Target: noMore}, StatusMiss, 0},
		{"scaled equal", Row{Stressql: ptr(10), Baseline: ptr(10), Target: noMore}, StatusPass, 1},
		{"scaled fewer", Row{Stressql: ptr(5), Baseline: ptr(10), Target: noMore}, StatusPass, 0.5},
		{"scaled more", Row{Stressql: ptr(11), Baseline: ptr(10), Target: noMore}, StatusMiss, 1.1},
		{"scaled no baseline", Row{Stressql: ptr(0), Target: noMore}, StatusError, 0},
	} {
		r := tc.row
		r.finish()
		if r.Status != tc.wantStatus {
			t.Errorf("%s: status %s, want %s (notes %v)", tc.name, r.Status, tc.wantStatus, r.Notes)
		}
		switch {
		case tc.wantRatio == 0 && r.VsBaseline != nil:
			t.Errorf("%s: ratio %v, want none", tc.name, *r.VsBaseline)
		case tc.wantRatio != 0 && (r.VsBaseline == nil || *r.VsBaseline-tc.wantRatio > 1e-9 || tc.wantRatio-*r.VsBaseline > 1e-9):
			t.Errorf("%s: ratio %v, want %v", tc.name, r.VsBaseline, tc.wantRatio)
		}
	}
}

func TestRowFailKeepsError(t *testing.T) {
	t.Parallel()
	r := Row{Stressql: ptr(1), Target: &Target{Of: OfValue, Op: "<", Bound: 2}}
	r.fail(errTest("server gone"))
	r.finish()
	if r.Status != StatusError || len(r.Notes) != 1 || r.Notes[0] != "error: server gone" {
		t.Errorf("got %s %v, want ERROR with the error as note", r.Status, r.Notes)
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

func TestTargetString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		t    Target
		want string
	}{
		{Target{Of: OfBaseline, Op: ">=", Bound: 0.95}, "ratio >= 0.95"},
		{Target{Of: OfBaseline, Op: "±", Bound: 0.01}, "ratio within 1% of 1"},
		{Target{Of: OfValue, Op: "<", Bound: 200}, "value < 200"},
		{Target{Of: OfBaseline, Op: "<=", Bound: 1.1}, "ratio <= 1.1"},
		{Target{Of: OfScaled, Op: "<=", Bound: 1}, "value <= 1 × baseline"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestPrintTable(t *testing.T) {
	t.Parallel()
	rows := []Row{
		{Group: "throughput", Name: "redis PING", Unit: "ops/s", Stressql: ptr(95000), Baseline: ptr(100000),
			BaselineName: "go-redis loop", Tool: ptr(120000), ToolName: "redis-benchmark",
			Target: &Target{Of: OfBaseline, Op: ">=", Bound: 0.95}, Notes: []string{"stressql: 950000 ok"}},
		{Group: "static", Name: "validate", Unit: "ms", Stressql: ptr(42.5), Target: &Target{Of: OfValue, Op: "<", Bound: 200}},
	}
	for i := range rows {
		rows[i].finish()
	}
	var buf bytes.Buffer
	if err := printTable(&buf, rows); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"[throughput]", "[static]",
		"95000 ops/s", "100000 ops/s (go-redis loop)", "120000 ops/s (redis-benchmark)",
		"0.950", "0.792", "ratio >= 0.95", "PASS",
		"  1. stressql: 950000 ok", "42.50 ms", "value < 200",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	if _, ok := median(nil); ok {
		t.Error("median of nothing")
	}
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{5}, 5},
		{[]float64{9, 1, 5}, 5},
		{[]float64{4, 1, 3, 2}, 2}, // lower middle
	} {
		var ss []sample
		for _, x := range tc.in {
			ss = append(ss, sample{Throughput: x})
		}
		if got, _ := median(ss); got.Throughput != tc.want {
			t.Errorf("median %v = %v, want %v", tc.in, got.Throughput, tc.want)
		}
	}
}

func TestSampleDescribe(t *testing.T) {
	t.Parallel()
	s := sample{OK: 1000, Failed: 2, Elapsed: 2 * time.Second, P50: 0.25, P99: 1.5, CPU: 3 * time.Millisecond}
	want := "1000 ok, 2 failed in 2.00s, p50 0.250 ms, p99 1.500 ms, CPU 2.99 µs/op"
	if got := s.describe(); got != want {
		t.Errorf("describe: %q, want %q", got, want)
	}
}

// TestInterleaveRotates: over n runs of n contenders each one runs once in
// every place, and its samples stay its own.
func TestInterleaveRotates(t *testing.T) {
	t.Parallel()
	var calls []string
	order := make([]contender, 3)
	for i, name := range []string{"bare", "stressql", "tool"} {
		order[i] = contender{name: name, run: func(context.Context, time.Duration) (sample, error) {
			calls = append(calls, name)
			return sample{OK: int64(i)}, nil
		}}
	}
	b := &bench{runs: 3, log: io.Discard}
	samples, errs := b.interleave(context.Background(), "case", order, time.Millisecond)
	want := []string{"bare", "stressql", "tool", "stressql", "tool", "bare", "tool", "bare", "stressql"}
	if !slices.Equal(calls, want) {
		t.Errorf("order of runs %v, want %v", calls, want)
	}
	for i := range order {
		if errs[i] != nil || len(samples[i]) != 3 {
			t.Fatalf("%s: %d samples, error %v", order[i].name, len(samples[i]), errs[i])
		}
		for _, s := range samples[i] {
			if s.OK != int64(i) {
				t.Errorf("%s holds a sample of contender %d", order[i].name, s.OK)
			}
		}
	}
}
