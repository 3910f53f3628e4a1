package shard

import (
	"encoding/json"
	stdjson "encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

func encode(t testing.TB, h *hdrhistogram.Histogram) string {
	b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fakeResult is a results object of count iterations with latencies
// drawn from rng, its histograms encoded, and intervals records.
func fakeResult(t testing.TB, rng *rand.Rand, count int, intervals int, conns float64) *results.Result {
	h := metrics.NewHistogram()
	r := &results.Result{Errors: map[string]int64{}, Duration: 1000 * float64(max(intervals, 1))}
	for _, k := range results.ErrorKinds {
		r.Errors[k] = 0
	}
	for range count {
		h.RecordValue(int64(100 + rng.ExpFloat64()*2000))
	}
	r.Ops = results.Ops{Total: int64(count), OK: int64(count) - 1, Failed: 1}
	r.Errors["query"] = 1
	r.Latency = metrics.Summary(h)
	r.Histograms = map[string]string{"latency": encode(t, h)}
	r.Pool.TotalConns = results.Gauge{Samples: 10, Min: conns - 1, Max: conns, Mean: conns - 0.5, Last: conns}
	for k := range intervals {
		per := fakeResult(t, rng, count/max(intervals, 1), 0, conns)
		r.Series = append(r.Series, results.Interval{TMs: float64(k * 1000), Result: *per})
	}
	return r
}

func fakeRun(t testing.TB, idx, n, scenarios, count, intervals int) *results.Run {
	rng := rand.New(rand.NewPCG(uint64(idx), 1))
	i := idx
	r := &results.Run{SchemaVersion: results.SchemaVersion, RunID: "r" + string(rune('a'+idx)),
		Shard: &results.Shard{Index: &i, Count: n, PlanHash: "h", IntervalMs: 1000, Merged: []string{}}}
	for s := range scenarios {
		res := fakeResult(t, rng, count, intervals, 10)
		res.Loads = map[string]*results.Result{"a": fakeResult(t, rng, count/2, intervals, 10), "b": fakeResult(t, rng, count/2, intervals, 10)}
		r.Scenarios = append(r.Scenarios, &results.ScenarioRun{Name: "s" + string(rune('a'+s%26)) + string(rune('a'+s/26)),
			Status: results.StatusPass, Result: res, Errors: []string{}})
	}
	return r
}

func TestMergeRejects(t *testing.T) {
	mk := func(idx, n int, hash string) *results.Run {
		r := fakeRun(t, idx, n, 1, 10, 0)
		r.Shard.PlanHash = hash
		return r
	}
	for _, tc := range []struct {
		name string
		runs []*results.Run
		want string
	}{
		{"other plan", []*results.Run{mk(0, 2, "h"), mk(1, 2, "x")}, "another plan"},
		{"twice", []*results.Run{mk(0, 2, "h"), mk(0, 2, "h")}, "twice"},
		{"missing", []*results.Run{mk(0, 3, "h"), mk(1, 3, "h")}, "2 reports for 3 shards"},
		{"counts", []*results.Run{mk(0, 2, "h"), mk(1, 3, "h")}, "disagree"},
		{"unsharded", []*results.Run{mk(0, 1, "h"), {}}, "not a shard's report"},
	} {
		_, err := Merge(tc.runs, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

func TestMergeRules(t *testing.T) {
	runs := []*results.Run{fakeRun(t, 1, 3, 2, 1000, 4), fakeRun(t, 0, 3, 2, 1001, 4), fakeRun(t, 2, 3, 2, 999, 3)}
	m, err := Merge(runs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Shard.Index != nil || m.Shard.Count != 3 || strings.Join(m.Shard.Merged, ",") != "ra,rb,rc" {
		t.Errorf("shard object %+v", m.Shard)
	}
	r := m.Scenarios[0].Result
	if r.Ops.Total != 3000 || r.Ops.Failed != 3 || r.Errors["query"] != 3 {
		t.Errorf("ops %+v errors %d", r.Ops, r.Errors["query"])
	}
	all := metrics.NewHistogram()
	for _, run := range runs {
		h, _ := hdrhistogram.Decode([]byte(run.Scenarios[0].Result.Histograms["latency"]))
		all.Merge(h)
	}
	if want := metrics.Summary(all); r.Latency != want {
		t.Errorf("latency %+v, want that of all samples %+v", r.Latency, want)
	}
	if r.Pool.TotalConns.Max != 30 || r.Pool.TotalConns.Mean != 28.5 || r.Pool.TotalConns.Samples != 10 {
		t.Errorf("total_conns %+v: the shards' pools add up", r.Pool.TotalConns)
	}
	if len(r.Series) != 4 || r.Series[3].Ops.Total != runs[0].Scenarios[0].Result.Series[3].Ops.Total+runs[1].Scenarios[0].Result.Series[3].Ops.Total {
		t.Errorf("series: %d records", len(r.Series))
	}
	if r.Loads["a"].Ops.Total != 500+500+499 {
		t.Errorf("load a: %d", r.Loads["a"].Ops.Total)
	}
	if want := float64(3) / 3000; r.ErrorRate != want {
		t.Errorf("error rate %v, want %v", r.ErrorRate, want)
	}
}

// BenchmarkMerge: 50 scenarios × 8 shards, each with 2 loads and a
// 60-interval series, decoded from JSON and merged, as `stressql merge`
// does (docs/sharding.md gives the figure).
func BenchmarkMerge(b *testing.B) {
	const n = 8
	var files [][]byte
	for i := range n {
		data, err := json.Marshal(fakeRun(b, i, n, benchScenarios, 2000, 60))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	b.ResetTimer()
	for b.Loop() {
		runs, err := Decode(files)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Merge(runs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// benchScenarios is the scenarios of BenchmarkMerge.
var benchScenarios = 50

// BenchmarkMergeDecoded is BenchmarkMerge without the JSON decoding.
func BenchmarkMergeDecoded(b *testing.B) {
	const n = 8
	var files [][]byte
	for i := range n {
		data, err := json.Marshal(fakeRun(b, i, n, benchScenarios, 2000, 60))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	b.SetBytes(int64(len(files[0]) * n))
	for b.Loop() {
		b.StopTimer()
		runs, err := Decode(files)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Merge(runs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeMatchesEncodingJSON: Decode (goccy/go-json, for speed: 5 ×
// encoding/json on BenchmarkMerge) reads a report exactly as encoding/json
// does, custom unmarshalers (faults) and no-data nulls included.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	r := fakeRun(t, 1, 2, 3, 500, 5)
	data, err := stdjson.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var want results.Run
	if err := stdjson.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	got, err := Decode([][]byte{data})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got[0], &want) {
		a, _ := stdjson.Marshal(got[0])
		b, _ := stdjson.Marshal(&want)
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		lo := max(0, i-200)
		t.Errorf("Decode differs from encoding/json at byte %d:\n got …%s\nwant …%s", i, a[lo:min(len(a), i+100)], b[lo:min(len(b), i+100)])
	}
	if len(want.Scenarios) == 0 || want.Scenarios[0].Result == nil || len(want.Scenarios[0].Result.Series) == 0 {
		t.Fatalf("the fixture has no scenarios with series: %s", data)
	}
}

// TestMergeBouncer: every shard sampled the same PgBouncer, so the merged
// gauges are those of all the shards' samples taken together (not their
// sum, as for the shards' own pools), and the totals one shard's, the one
// with the most transactions, its averages with them.
func TestMergeBouncer(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	at := time.Unix(0, 0)
	var all metrics.Series
	var runs []*results.Run
	xacts := []int64{900, 1200, 1100}
	for i, n := range []int{10, 7, 1} {
		var s metrics.Series
		for k := range n {
			v := float64(rng.IntN(20) + 5*i)
			s.Add(at.Add(time.Duration(k)*time.Second), v)
			all.Add(at.Add(time.Duration(k)*time.Second), v)
		}
		run := fakeRun(t, i, 3, 1, 10, 0)
		b := &run.Scenarios[0].Result.Bouncer
		b.ClWaiting = s.Gauge()
		x, q, w, qm := xacts[i], 2*xacts[i], float64(xacts[i])/10, float64(xacts[i])
		b.Xacts, b.Queries, b.WaitMs, b.QueryMs = &x, &q, &w, &qm
		b.SetAverages()
		runs = append(runs, run)
	}
	m, err := Merge(runs, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Scenarios[0].Result.Bouncer
	want := all.Gauge()
	got := b.ClWaiting
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	if got.Samples != want.Samples || got.Min != want.Min || got.Max != want.Max ||
		!near(got.Mean, want.Mean) || !near(got.Variance, want.Variance) || !near(got.Stddev, want.Stddev) {
		t.Errorf("cl_waiting %+v, want the gauge of all samples %+v", got, want)
	}
	var lasts float64
	for _, r := range runs {
		lasts += r.Scenarios[0].Result.Bouncer.ClWaiting.Last
	}
	if !near(got.Last, lasts/3) {
		t.Errorf("cl_waiting.last %v, want the shards' mean %v", got.Last, lasts/3)
	}
	if b.ClActive.Samples != 0 {
		t.Errorf("cl_active %+v: no shard sampled it, no data", b.ClActive)
	}
	if b.Xacts == nil || *b.Xacts != 1200 || *b.Queries != 2400 || *b.WaitMs != 120 || b.AvgWaitMs == nil || *b.AvgWaitMs != 0.1 {
		t.Errorf("totals %v %v %v avg %v: want shard 1's (1200 transactions)", b.Xacts, b.Queries, b.WaitMs, b.AvgWaitMs)
	}
	none, err := Merge([]*results.Run{fakeRun(t, 0, 2, 1, 10, 0), fakeRun(t, 1, 2, 1, 10, 0)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if nb := none.Scenarios[0].Result.Bouncer; nb.Xacts != nil || nb.AvgQueryMs != nil || nb.SvIdle.Samples != 0 {
		t.Errorf("not a bouncer: %+v, want no data", nb)
	}
}
