package promexport

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// hdr returns an HDR histogram (µs) holding the given values.
func hdr(t testing.TB, us ...int64) *hdrhistogram.Histogram {
	t.Helper()
	h := hdrhistogram.New(1, 3_600_000_000, 3)
	for _, v := range us {
		if err := h.RecordValue(v); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// summary is the results.Summary of h (count and mean are what matter).
func summary(h *hdrhistogram.Histogram) results.Summary {
	if h == nil || h.TotalCount() == 0 {
		return results.Summary{}
	}
	return results.Summary{Count: h.TotalCount(), Mean: h.Mean() / 1000, Max: float64(h.Max()) / 1000}
}

func errorsMap(kv ...any) map[string]int64 {
	m := map[string]int64{}
	for _, k := range results.ErrorKinds {
		m[k] = 0
	}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = int64(kv[i+1].(int))
	}
	return m
}

func p64(v int64) *int64 { return &v }

func sampled(samples int, last float64) results.Gauge {
	return results.Gauge{Samples: samples, Min: last, Max: last, Mean: last, Last: last}
}

// loadEvent is a load-level event with the given ops, errors and
// histograms.
func loadEvent(scenario, phase, load string, ok, failed, dropped int64, errs map[string]int64,
	lat, acq, late *hdrhistogram.Histogram) *series.Event {
	rec := &results.Interval{TMs: 0, Result: results.Result{
		Ops:      results.Ops{Total: ok + failed + dropped, OK: ok, Failed: failed, Dropped: dropped},
		Errors:   errs,
		Latency:  summary(lat),
		Acquire:  summary(acq),
		Lateness: summary(late),
	}}
	return &series.Event{RunID: "0a1b2c3d", Scenario: scenario, Index: 1, Level: series.LevelLoad,
		Phase: phase, Load: load, Record: rec, Latency: lat, Acquire: acq, Lateness: late}
}

func scenarioEvent(scenario string, pool results.Pool, server results.Gauge, proc results.Process) *series.Event {
	rec := &results.Interval{Result: results.Result{Pool: pool, Server: results.Server{Conns: server}, Process: proc,
		Errors: errorsMap()}}
	return &series.Event{RunID: "0a1b2c3d", Scenario: scenario, Index: 1, Level: series.LevelScenario, Record: rec}
}

// scrape serves e's handler once and returns the body.
func scrape(t testing.TB, e *Exporter) string {
	t.Helper()
	rec := httptest.NewRecorder()
	e.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: status %d: %s", rec.Code, rec.Body.String())
	}
	return rec.Body.String()
}

func parse(t testing.TB, text string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, text)
	}
	return mfs
}

// find returns the metrics of family name whose labels include want.
func find(mfs map[string]*dto.MetricFamily, name string, want map[string]string) []*dto.Metric {
	mf := mfs[name]
	if mf == nil {
		return nil
	}
	var out []*dto.Metric
next:
	for _, m := range mf.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		out = append(out, m)
	}
	return out
}

func one(t testing.TB, mfs map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	t.Helper()
	ms := find(mfs, name, want)
	if len(ms) != 1 {
		t.Fatalf("%s%v: %d series, want 1", name, want, len(ms))
	}
	return ms[0]
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	return math.NaN()
}

func labels(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func TestCountersAddUpOverIntervals(t *testing.T) {
	e := New("0a1b2c3d")
	e.Interval(loadEvent("s", "ramp", "reads", 10, 2, 1, errorsMap("timeout", 2), hdr(t, 1000), nil, nil))
	e.Interval(loadEvent("s", "ramp", "reads", 5, 3, 0, errorsMap("timeout", 1, "refused", 2), hdr(t, 1000), nil, nil))
	e.Interval(loadEvent("s", "ramp", "writes", 7, 0, 0, errorsMap(), hdr(t, 1000), nil, nil))
	mfs := parse(t, scrape(t, e))

	reads := labels("run_id", "0a1b2c3d", "scenario", "s", "phase", "ramp", "load", "reads")
	for _, c := range []struct {
		name   string
		extra  []string
		want   float64
		series int
	}{
		{"stressql_iterations_total", []string{"result", "ok"}, 15, 1},
		{"stressql_iterations_total", []string{"result", "failed"}, 5, 1},
		{"stressql_iterations_total", []string{"result", "dropped"}, 1, 1},
		{"stressql_errors_total", []string{"kind", "timeout"}, 3, 1},
		{"stressql_errors_total", []string{"kind", "refused"}, 2, 1},
		{"stressql_errors_total", []string{"kind", "auth"}, 0, 1},
	} {
		want := labels(c.extra...)
		for k, v := range reads {
			want[k] = v
		}
		if got := value(one(t, mfs, c.name, want)); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.extra, got, c.want)
		}
	}
	// Every error kind is a series, for each load.
	if n := len(find(mfs, "stressql_errors_total", nil)); n != 2*len(results.ErrorKinds) {
		t.Errorf("stressql_errors_total: %d series, want %d", n, 2*len(results.ErrorKinds))
	}
	writes := one(t, mfs, "stressql_iterations_total", labels("load", "writes", "result", "ok"))
	if value(writes) != 7 {
		t.Errorf("writes ok = %v, want 7", value(writes))
	}
}

// A phase event is the sum of its loads: exporting it too would count its
// iterations twice in sum(stressql_iterations_total).
func TestPhaseAndScenarioEventsDoNotDoubleCount(t *testing.T) {
	e := New("r")
	e.Interval(loadEvent("s", "p", "a", 4, 0, 0, errorsMap(), hdr(t, 500), nil, nil))
	e.Interval(loadEvent("s", "p", "b", 6, 0, 0, errorsMap(), hdr(t, 500), nil, nil))
	ph := loadEvent("s", "p", "", 10, 0, 0, errorsMap(), hdr(t, 500), nil, nil)
	ph.Level, ph.Load = series.LevelPhase, ""
	e.Interval(ph)
	sc := loadEvent("s", "", "", 10, 0, 0, errorsMap(), hdr(t, 500), nil, nil)
	sc.Level, sc.Phase, sc.Load = series.LevelScenario, "", ""
	e.Interval(sc)
	mfs := parse(t, scrape(t, e))
	var sum float64
	for _, m := range find(mfs, "stressql_iterations_total", labels("result", "ok")) {
		sum += value(m)
	}
	if sum != 10 {
		t.Errorf("sum(stressql_iterations_total{result=ok}) = %v, want 10", sum)
	}
	var count uint64
	for _, m := range find(mfs, "stressql_iteration_latency_seconds", nil) {
		count += m.Histogram.GetSampleCount()
	}
	// The phase and scenario events carry latency too; only the two load
	// events may count.
	if count != 2 {
		t.Errorf("latency count over all series = %d, want 2", count)
	}
}

func TestHistogramsFromHDR(t *testing.T) {
	e := New("r")
	// Latency: 3 × 0.8 ms, 2 × 3 ms in the first interval, 1 × 40 ms and
	// 1 × 90 s (above the last bound) in the second.
	e.Interval(loadEvent("s", "", "l", 5, 0, 0, errorsMap(), hdr(t, 800, 800, 800, 3000, 3000), hdr(t, 50), nil))
	e.Interval(loadEvent("s", "", "l", 2, 0, 0, errorsMap(), hdr(t, 40000, 90_000_000), nil, hdr(t, 2000)))
	mfs := parse(t, scrape(t, e))

	lat := one(t, mfs, "stressql_iteration_latency_seconds", labels("load", "l", "phase", "")).Histogram
	if lat.GetSampleCount() != 7 {
		t.Errorf("latency count = %d, want 7", lat.GetSampleCount())
	}
	wantSum := (3*800 + 2*3000 + 40000 + 90_000_000) / 1e6
	if got := lat.GetSampleSum(); math.Abs(got-wantSum)/wantSum > 0.001 {
		t.Errorf("latency sum = %v, want %v (±0.1%%)", got, wantSum)
	}
	want := map[float64]uint64{0.0005: 0, 0.001: 3, 0.0025: 3, 0.005: 5, 0.025: 5, 0.05: 6, 30: 6, 60: 6}
	got := map[float64]uint64{}
	for _, b := range lat.Bucket {
		got[b.GetUpperBound()] = b.GetCumulativeCount()
	}
	for le, n := range want {
		if got[le] != n {
			t.Errorf("latency bucket le=%v: %d, want %d", le, got[le], n)
		}
	}
	if len(lat.Bucket) != len(Buckets)+1 || got0(lat, math.Inf(1)) != 7 { // the parser keeps +Inf
		t.Errorf("latency: %d buckets (want %d), +Inf %d (want 7)", len(lat.Bucket), len(Buckets)+1, got0(lat, math.Inf(1)))
	}

	wait := one(t, mfs, "db_client_connection_wait_time_seconds", nil).Histogram
	if wait.GetSampleCount() != 1 || got0(wait, 0.0001) != 1 {
		t.Errorf("wait_time: count %d, le=0.0001 %d; want 1, 1", wait.GetSampleCount(), got0(wait, 0.0001))
	}
	late := one(t, mfs, "stressql_generator_lateness_seconds", nil).Histogram
	if late.GetSampleCount() != 1 || got0(late, 0.001) != 0 || got0(late, 0.0025) != 1 {
		t.Errorf("lateness: %v", late)
	}
}

func got0(h *dto.Histogram, le float64) uint64 {
	for _, b := range h.Bucket {
		if b.GetUpperBound() == le {
			return b.GetCumulativeCount()
		}
	}
	return math.MaxUint64
}

func TestPoolServerAndProcessMetrics(t *testing.T) {
	e := New("r")
	proc := results.Process{
		RSSMB:      results.Growth{Samples: 10, Min: 30, Max: 32, Growth: 2},
		HeapMB:     results.Growth{Samples: 10, Min: 4, Max: 8, Growth: 1},
		Goroutines: results.Growth{Samples: 10, Min: 20, Max: 25},
		// FDs: no samples.
	}
	pool := results.Pool{IdleConns: sampled(10, 3), InUseConns: sampled(10, 7), TotalConns: sampled(10, 10),
		Timeouts: p64(2), Hits: p64(100), Misses: p64(5)}
	e.Interval(scenarioEvent("redis_s", pool, sampled(5, 11), proc))
	pool.Timeouts, pool.Hits, pool.Misses = p64(1), p64(50), p64(0)
	pool.IdleConns = sampled(10, 1)
	e.Interval(scenarioEvent("redis_s", pool, sampled(5, 12), proc))
	mfs := parse(t, scrape(t, e))

	for _, c := range []struct {
		name string
		l    map[string]string
		want float64
	}{
		{"db_client_connections_usage", labels("scenario", "redis_s", "state", "idle"), 1},
		{"db_client_connections_usage", labels("scenario", "redis_s", "state", "used"), 7},
		{"db_client_connection_timeouts_total", labels("scenario", "redis_s"), 3},
		{"stressql_pool_hits_total", labels("scenario", "redis_s"), 150},
		{"stressql_pool_misses_total", labels("scenario", "redis_s"), 5},
		{"stressql_server_connections", labels("scenario", "redis_s"), 12},
		{"stressql_process_resident_memory_bytes", labels("run_id", "r"), 32 << 20},
		{"stressql_process_heap_bytes", nil, 8 << 20},
		{"stressql_process_goroutines", nil, 25},
	} {
		if got := value(one(t, mfs, c.name, c.l)); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.l, got, c.want)
		}
	}
	// Not measured: pgxpool counters on a go-redis pool, fds without samples.
	for _, name := range []string{"stressql_pool_new_connections_total", "stressql_pool_acquires_total",
		"stressql_process_open_fds", "db_client_connection_wait_time_seconds", "stressql_iterations_total"} {
		if mfs[name] != nil {
			t.Errorf("%s exported without data", name)
		}
	}
	// Process metrics carry only run_id.
	if l := one(t, mfs, "stressql_process_goroutines", nil).Label; len(l) != 1 || l[0].GetName() != "run_id" {
		t.Errorf("process labels = %v, want run_id only", l)
	}
}

// A gauge without samples in the last interval is not exported for it; a
// histogram without data never appears.
func TestNoDataIsNotExported(t *testing.T) {
	e := New("r")
	pool := results.Pool{IdleConns: sampled(3, 2), InUseConns: sampled(3, 1)}
	e.Interval(scenarioEvent("s", pool, sampled(3, 4), results.Process{Goroutines: results.Growth{Samples: 1, Max: 9}}))
	if mfs := parse(t, scrape(t, e)); len(find(mfs, "db_client_connections_usage", nil)) != 2 ||
		mfs["stressql_server_connections"] == nil || mfs["stressql_process_goroutines"] == nil {
		t.Fatalf("gauges with samples missing:\n%s", scrape(t, e))
	}
	e.Interval(scenarioEvent("s", results.Pool{}, results.Gauge{}, results.Process{}))
	// A closed-model load: lateness empty; an interval without completions:
	// latency and acquire count 0 (histograms non-nil but empty).
	e.Interval(loadEvent("s", "", "l", 0, 0, 3, errorsMap(), hdr(t), hdr(t), hdr(t)))
	e.Interval(loadEvent("s", "", "l", 0, 0, 0, errorsMap(), nil, nil, nil))
	mfs := parse(t, scrape(t, e))
	for _, name := range []string{"db_client_connections_usage", "stressql_server_connections",
		"stressql_process_goroutines", "stressql_iteration_latency_seconds",
		"db_client_connection_wait_time_seconds", "stressql_generator_lateness_seconds"} {
		if mfs[name] != nil {
			t.Errorf("%s exported after an interval without data:\n%s", name, scrape(t, e))
		}
	}
	if got := value(one(t, mfs, "stressql_iterations_total", labels("result", "dropped"))); got != 3 {
		t.Errorf("dropped = %v, want 3", got)
	}
	// A record that says no data beside a non-empty histogram: the record wins.
	ev := loadEvent("s", "", "m", 1, 0, 0, errorsMap(), hdr(t, 10), nil, nil)
	ev.Record.Latency = results.Summary{}
	e.Interval(ev)
	if mfs := parse(t, scrape(t, e)); mfs["stressql_iteration_latency_seconds"] != nil {
		t.Errorf("latency exported for a record with latency.count 0")
	}
}

func TestLint(t *testing.T) {
	e := feedAll(t, New("r"))
	problems, err := testutil.GatherAndLint(e.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
}

// feedAll feeds e one event of each kind with every field measured.
func feedAll(t testing.TB, e *Exporter) *Exporter {
	e.Interval(loadEvent("pool_exhaustion", "ramp", "holders", 10, 2, 1, errorsMap("acquire_timeout", 2),
		hdr(t, 1500, 20000), hdr(t, 30, 400), hdr(t, 100)))
	one := int64(1)
	e.Interval(scenarioEvent("pool_exhaustion", results.Pool{IdleConns: sampled(1, 1), InUseConns: sampled(1, 4),
		NewConns: &one, AcquireCount: &one, EmptyAcquireCount: &one, CanceledAcquireCount: &one,
		Hits: &one, Misses: &one, Timeouts: &one, StaleConns: &one, Moved: &one, Ask: &one}, sampled(1, 5),
		results.Process{RSSMB: results.Growth{Samples: 1, Max: 40}, HeapMB: results.Growth{Samples: 1, Max: 5},
			Goroutines: results.Growth{Samples: 1, Max: 30}, FDs: results.Growth{Samples: 1, Max: 12}}))
	return e
}

// Every metric described is one the exporter can produce, and the full
// scrape passes promtool check metrics.
func TestPromtoolCheckMetrics(t *testing.T) {
	bin, err := exec.LookPath("promtool")
	if err != nil {
		testenv.Missing(t, "promtool is not installed (scripts/ensure-servers.sh installs Debian's prometheus package)")
	}
	body := scrape(t, feedAll(t, New("0a1b2c3d")))
	mfs := parse(t, body)
	var names []string
	for n := range mfs {
		names = append(names, n)
	}
	sort.Strings(names)
	descs := 9 + len(poolCounters) + len(processGauges)
	if len(names) != descs {
		t.Errorf("scrape has %d families, want all %d: %v", len(names), descs, names)
	}
	cmd := exec.Command(bin, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check metrics: %v\n%s\n--- scrape:\n%s", err, out, body)
	}
}

// promtool must fail on what it should fail on, or the test above proves
// nothing.
func TestPromtoolRejectsBadMetrics(t *testing.T) {
	bin, err := exec.LookPath("promtool")
	if err != nil {
		testenv.Missing(t, "promtool is not installed")
	}
	cmd := exec.Command(bin, "check", "metrics")
	cmd.Stdin = strings.NewReader("# HELP stressql_iterations iterations\n# TYPE stressql_iterations counter\nstressql_iterations 1\n")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("promtool accepted a counter without _total: %s", out)
	}
}

func TestServeAndShutdown(t *testing.T) {
	e := feedAll(t, New("r"))
	addr, err := e.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Serve("127.0.0.1:0"); err == nil {
		t.Error("second Serve: no error")
	}
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr.String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`stressql_iterations_total{load="holders",phase="ramp",result="ok",run_id="r",scenario="pool_exhaustion"} 10`)) {
		t.Fatalf("GET /metrics: %d\n%s", resp.StatusCode, body)
	}
	if resp, err := c.Get("http://" + addr.String() + "/"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("GET /: %d, want 404", resp.StatusCode)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if resp, err := c.Get("http://" + addr.String() + "/metrics"); err == nil {
		resp.Body.Close()
		t.Fatal("GET after Shutdown succeeded")
	}
}

// Scrapes while events arrive (run with -race): the state stays
// consistent and the final scrape has every iteration.
func TestConcurrentScrapes(t *testing.T) {
	e := New("r")
	const n = 200
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		h := hdr(t, 1000)
		for i := 0; i < n; i++ {
			e.Interval(loadEvent("s", "", "l", 1, 0, 0, errorsMap(), h, nil, nil))
		}
	}()
	for i := 0; i < 20; i++ {
		parse(t, scrape(t, e))
	}
	wg.Wait()
	mfs := parse(t, scrape(t, e))
	if got := value(one(t, mfs, "stressql_iterations_total", labels("result", "ok"))); got != n {
		t.Errorf("ok = %v, want %d", got, n)
	}
	if got := one(t, mfs, "stressql_iteration_latency_seconds", nil).Histogram.GetSampleCount(); got != n {
		t.Errorf("latency count = %d, want %d", got, n)
	}
}

// docs/results.md lists every metric the exporter serves.
func TestDocsListEveryMetric(t *testing.T) {
	doc, err := os.ReadFile("../docs/results.md")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(doc, []byte("## Live metrics (`--metrics-addr`)"))
	if i < 0 {
		t.Fatal("docs/results.md has no Live metrics section")
	}
	sec := doc[i:]
	for name := range parse(t, scrape(t, feedAll(t, New("r")))) {
		if !bytes.Contains(sec, []byte("`"+name+"`")) {
			t.Errorf("docs/results.md, Live metrics: %s is not documented", name)
		}
	}
}
