package main

import (
	"testing"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

func TestLatenessP99(t *testing.T) {
	t.Parallel()
	h := metrics.NewHistogram()
	for v := int64(1); v <= 1000; v++ {
		_ = h.RecordValue(v) // 1..1000 µs: p99 is 990 µs
	}
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	withLateness := &results.Result{Histograms: map[string]string{"lateness": string(enc)}}
	without := &results.Result{Histograms: map[string]string{"latency": string(enc)}}

	for _, tc := range []struct {
		name         string
		scenario, ld *results.Result
		wantOK       bool
		wantMs       float64
		wantErr      bool
	}{
		{"on the load", without, withLateness, true, 0.990, false},
		{"on the scenario", withLateness, without, true, 0.990, false},
		{"absent", without, without, false, 0, false},
		{"garbled", without, &results.Result{Histograms: map[string]string{"lateness": "!!"}}, false, 0, true},
	} {
		ms, ok, err := latenessP99(tc.scenario, tc.ld)
		if (err != nil) != tc.wantErr || ok != tc.wantOK {
			t.Errorf("%s: ok %v err %v, want ok %v err %v", tc.name, ok, err, tc.wantOK, tc.wantErr)
			continue
		}
		if ok && (ms < tc.wantMs-0.001 || ms > tc.wantMs+0.001) {
			t.Errorf("%s: p99 %.3f ms, want %.3f", tc.name, ms, tc.wantMs)
		}
	}
}
