package hlog

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/series"
)

// jsTag is what testdata/js/read.js prints for one tag.
type jsTag struct {
	Count     int64 `json:"count"`
	Max       int64 `json:"max"`
	P99       int64 `json:"p99"`
	Intervals []struct {
		StartMs   float64 `json:"start_ms"`
		EndMs     float64 `json:"end_ms"`
		Count     int64   `json:"count"`
		Max       int64   `json:"max"`
		MaxColumn float64 `json:"max_column"`
	} `json:"intervals"`
}

// jsReader returns the command that runs read.js with node, installing
// hdr-histogram-js (package-lock.json) with npm ci first when
// node_modules is missing. Without node or npm the test skips, and fails
// under CI=true.
func jsReader(t *testing.T, log string) *exec.Cmd {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "js"))
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		testenv.Missing(t, "node is not installed (apt-get install nodejs npm): %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "hdr-histogram-js", "package.json")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			testenv.Missing(t, "npm is not installed (apt-get install npm): %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return exec.CommandContext(ctx, node, filepath.Join(dir, "read.js"), log)
}

// TestJavaScriptReader writes a log of known histograms and reads it with
// HdrHistogram's JavaScript implementation (hdr-histogram-js, the reader
// the issue names): per tag and per interval, counts must match exactly,
// timestamps to the millisecond, max and p99 within the histograms'
// precision, and the Interval_Max column must be the max in ms.
func TestJavaScriptReader(t *testing.T) {
	start := time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC)
	rng := rand.New(rand.NewPCG(13, 3))
	var evs []*series.Event
	sum := map[string]*hdrhistogram.Histogram{} // tag -> all its intervals added up
	each := map[string][]*series.Event{}        // tag -> its events, in order
	eachH := map[string][]*hdrhistogram.Histogram{}
	// lognormal values around median µs, clamped to the engine's range.
	fill := func(n int, median float64) *hdrhistogram.Histogram {
		h := metrics.NewHistogram()
		for range n {
			v := int64(median * math.Exp(rng.NormFloat64()))
			if err := h.RecordValue(min(max(v, metrics.MinValue), metrics.MaxValue)); err != nil {
				t.Fatal(err)
			}
		}
		return h
	}
	scStart := start.Add(250 * time.Millisecond)
	for i := range 5 {
		from := scStart.Add(time.Duration(i) * time.Second)
		to := from.Add(time.Second)
		for _, part := range []series.Event{
			{Level: series.LevelScenario, Scenario: "knee search"},
			{Level: series.LevelPhase, Scenario: "knee search", Phase: "ramp,1"},
			{Level: series.LevelLoad, Scenario: "knee search", Phase: "ramp,1", Load: "writes"},
			{Level: series.LevelLoad, Scenario: "knee search", Phase: "ramp,1", Load: "reads"},
		} {
			ev := part
			ev.RunID, ev.Index, ev.ScenarioStart, ev.Start, ev.End = "0a1b2c3d", 1, scStart, from, to
			ev.Latency = fill(200+rng.IntN(2000), 2000*float64(i+1))
			ev.Acquire = fill(rng.IntN(300), 50) // the first may be empty
			if i%2 == 1 {
				ev.Lateness = fill(1+rng.IntN(100), 800)
			}
			evs = append(evs, &ev)
			for _, m := range []struct {
				name string
				h    *hdrhistogram.Histogram
			}{{MetricLatency, ev.Latency}, {MetricAcquire, ev.Acquire}, {MetricLateness, ev.Lateness}} {
				if m.h == nil || m.h.TotalCount() == 0 {
					continue
				}
				tag := Tag(&ev, m.name)
				if sum[tag] == nil {
					sum[tag] = metrics.NewHistogram()
				}
				sum[tag].Merge(m.h)
				each[tag] = append(each[tag], &ev)
				eachH[tag] = append(eachH[tag], m.h)
			}
		}
	}
	var buf bytes.Buffer
	w := New(&buf, start)
	for _, ev := range evs {
		w.Interval(ev)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "run.hlog")
	if err := os.WriteFile(log, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := jsReader(t, log)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.Bytes())
	}
	var got map[string]jsTag
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("read.js printed %q: %v", out, err)
	}
	if len(got) != len(sum) || len(sum) != 4*3 {
		t.Errorf("read.js found %d tags, want %d (4 parts × 3 metrics)", len(got), len(sum))
	}
	for tag, want := range sum {
		g, ok := got[tag]
		if !ok {
			t.Errorf("tag %q: not read", tag)
			continue
		}
		if g.Count != want.TotalCount() {
			t.Errorf("%s: count %d, want %d", tag, g.Count, want.TotalCount())
		}
		if p := ceilRankPercentile(want, 99); !want.ValuesAreEquivalent(g.P99, p) {
			t.Errorf("%s: p99 %d µs, want %d µs (within HDR precision)", tag, g.P99, p)
		}
		if m := want.Max(); !want.ValuesAreEquivalent(g.Max, m) {
			t.Errorf("%s: max %d µs, want %d µs", tag, g.Max, m)
		}
		if len(g.Intervals) != len(each[tag]) {
			t.Errorf("%s: %d intervals, want %d", tag, len(g.Intervals), len(each[tag]))
			continue
		}
		for i, gi := range g.Intervals {
			ev, h := each[tag][i], eachH[tag][i]
			if gi.Count != h.TotalCount() {
				t.Errorf("%s interval %d: count %d, want %d", tag, i, gi.Count, h.TotalCount())
			}
			if math.Abs(gi.StartMs-float64(ev.Start.UnixMilli())) > 0.5 || math.Abs(gi.EndMs-float64(ev.End.UnixMilli())) > 0.5 {
				t.Errorf("%s interval %d: [%.1f, %.1f) ms since the epoch, want [%d, %d)", tag, i, gi.StartMs, gi.EndMs, ev.Start.UnixMilli(), ev.End.UnixMilli())
			}
			if !h.ValuesAreEquivalent(gi.Max, h.Max()) {
				t.Errorf("%s interval %d: max %d µs, want %d µs", tag, i, gi.Max, h.Max())
			}
			// Interval_Max is the max in ms (µs / 1000, 3 decimals).
			if math.Abs(gi.MaxColumn*1000-float64(h.Max())) > 0.5 {
				t.Errorf("%s interval %d: Interval_Max %v ms, want %d µs / 1000", tag, i, gi.MaxColumn, h.Max())
			}
		}
	}
	var total int64
	for _, g := range got {
		total += g.Count
	}
	if total == 0 {
		t.Fatal("read.js read no values")
	}
}

// ceilRankPercentile is the value at percentile p of h as HdrHistogram's
// Java and JavaScript implementations define it: the highest equivalent
// value of the first value whose cumulative count reaches ceil(p% of the
// count). hdrhistogram-go rounds that rank half up instead, so its
// ValueAtQuantile may be the next recorded value on small counts.
func ceilRankPercentile(h *hdrhistogram.Histogram, p float64) int64 {
	rank := max(int64(math.Ceil(p/100*float64(h.TotalCount())-1e-9)), 1)
	var seen int64
	for _, b := range h.Distribution() {
		if seen += b.Count; b.Count > 0 && seen >= rank {
			return b.To
		}
	}
	return 0
}
