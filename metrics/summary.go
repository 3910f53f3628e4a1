package metrics

import (
	"fmt"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// Summary converts a histogram in µs into a results.Summary in ms. An
// empty (or nil) histogram gives Count 0: no data.
func Summary(h *hdrhistogram.Histogram) results.Summary {
	if h == nil || h.TotalCount() == 0 {
		return results.Summary{}
	}
	ms := func(us int64) float64 { return float64(us) / 1000 }
	return results.Summary{
		Count:  h.TotalCount(),
		Min:    ms(h.Min()),
		Mean:   h.Mean() / 1000,
		P50:    ms(h.ValueAtQuantile(50)),
		P90:    ms(h.ValueAtQuantile(90)),
		P95:    ms(h.ValueAtQuantile(95)),
		P99:    ms(h.ValueAtQuantile(99)),
		P999:   ms(h.ValueAtQuantile(99.9)),
		Max:    ms(h.Max()),
		Stddev: h.StdDev() / 1000,
	}
}

// Fill sets what the recorder knows in res: ops, error_rate, throughput,
// duration (d, the wall time of the part), errors, error_examples,
// latency and acquire. Pool, server, process, retries, fallbacks, breaker,
// recovery_ms and the histograms are left to the caller (see Recovery and
// Histograms).
func (r *Recorder) Fill(res *results.Result, d time.Duration) {
	fillCounts(res, r.Ops(), r.cur.Errors, d)
	r.fillExamples(res)
	res.Latency = Summary(r.cur.Latency)
	res.Acquire = Summary(r.cur.Acquire)
	res.Lateness = Summary(r.cur.Lateness)
}

// RecoveryMs is Recovery in milliseconds in the form of
// results.Result.RecoveryMs: nil when there is no data.
func (r *Recorder) RecoveryMs(m *Mark) *float64 {
	d, ok := r.Recovery(m)
	if !ok {
		return nil
	}
	ms := float64(d) / float64(time.Millisecond)
	return &ms
}

// Histograms encodes the latency and acquire histograms for
// results.Result.Histograms (compressed, base64; hdrhistogram.Decode reads
// them back).
func (r *Recorder) Histograms() (map[string]string, error) {
	out := make(map[string]string, 3)
	hs := map[string]*hdrhistogram.Histogram{"latency": r.cur.Latency, "acquire": r.Acquire()}
	if l := r.cur.Lateness; l != nil && l.TotalCount() > 0 {
		hs["lateness"] = l
	}
	for name, h := range hs {
		b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
		if err != nil {
			return nil, fmt.Errorf("encode %s histogram: %w", name, err)
		}
		out[name] = string(b)
	}
	return out, nil
}
