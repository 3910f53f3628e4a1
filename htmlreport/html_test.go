package htmlreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// jsonChart is a chart as the page's script reads it.
type jsonChart struct {
	ID    string     `json:"id"`
	Kind  string     `json:"kind"`
	YLog  bool       `json:"ylog"`
	X     []*float64 `json:"x"`
	XText []string   `json:"xtext"`
	Lines []struct {
		Label string     `json:"label"`
		Color string     `json:"color"`
		Data  []*float64 `json:"data"`
	} `json:"lines"`
	Marks *struct {
		Windows []struct {
			From, To float64
			Label    string
		} `json:"windows"`
		Instants []struct {
			At    float64
			Label string
		} `json:"instants"`
		Phases []struct {
			From, To float64
			Label    string
		} `json:"phases"`
	} `json:"marks"`
}

func loadFixture(t *testing.T, name string) *results.Run {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var run results.Run
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &run
}

func render(t *testing.T, run *results.Run) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, run); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var dataRE = regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`)

// chartsOf parses the JSON the page draws from, by chart id.
func chartsOf(t *testing.T, page string) map[string]*jsonChart {
	t.Helper()
	m := dataRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no #report-data script in the page")
	}
	var d struct {
		Charts []*jsonChart `json:"charts"`
	}
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("#report-data: %v", err)
	}
	out := map[string]*jsonChart{}
	for _, c := range d.Charts {
		if out[c.ID] != nil {
			t.Errorf("chart %s twice in the data", c.ID)
		}
		out[c.ID] = c
	}
	return out
}

// sections splits the page into the scenario sections, by id.
func sections(page string) map[string]string {
	out := map[string]string{}
	parts := strings.Split(page, `<section class="scenario" id="`)
	for _, p := range parts[1:] {
		id := p[:strings.IndexByte(p, '"')]
		out[id] = p[:strings.Index(p, "</section>")]
	}
	return out
}

var chartAttr = regexp.MustCompile(`data-chart="([^"]+)"`)

// checkStructure asserts what every report must show of its run.
func checkStructure(t *testing.T, run *results.Run, page string) map[string]*jsonChart {
	t.Helper()
	charts := chartsOf(t, page)
	// Every placeholder has its data and every data its placeholder.
	placed := map[string]bool{}
	for _, m := range chartAttr.FindAllStringSubmatch(page, -1) {
		placed[m[1]] = true
		if charts[m[1]] == nil {
			t.Errorf("chart %s is placed but has no data", m[1])
		}
	}
	for id := range charts {
		if !placed[id] {
			t.Errorf("chart %s has data but no place", id)
		}
	}
	if got := strings.Contains(page, `id="interrupted"`); got != run.Interrupted {
		t.Errorf("interrupted banner shown = %v, run interrupted = %v", got, run.Interrupted)
	}
	for _, want := range []string{
		`id="run-seed">` + fmt.Sprint(run.Seed) + `<`,
		`id="run-id">` + run.RunID + `<`,
		`id="run-version">` + html.EscapeString(run.Version) + `<`,
		`<b>` + fmt.Sprint(run.Summary.Total) + `</b> scenarios`,
		`<b>` + fmt.Sprint(run.Summary.Passed) + `</b> passed`,
		`id="filter-status"`, `id="filter-driver"`, `id="filter-tag"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	secs := sections(page)
	if len(secs) != len(run.Scenarios) {
		t.Fatalf("%d scenario sections, want %d", len(secs), len(run.Scenarios))
	}
	for i, sr := range run.Scenarios {
		id := fmt.Sprintf("s%d", i)
		sec := secs[id]
		if !strings.Contains(sec, html.EscapeString(sr.Name)) || !strings.Contains(sec, `data-status="`+sr.Status+`"`) {
			t.Errorf("%s: section lacks its name %q or status %q", id, sr.Name, sr.Status)
		}
		if !strings.Contains(page, `<tr class="scenario-row" data-scenario="`+id+`" data-status="`+sr.Status+`" data-driver="`+sr.Driver+`"`) {
			t.Errorf("%s: no row in the scenario list", id)
		}
		for _, c := range sr.Checks {
			for _, want := range []string{html.EscapeString(c.Condition), html.EscapeString(c.Source)} {
				if !strings.Contains(sec, want) {
					t.Errorf("%s: check %q: section lacks %q", id, c.Name, want)
				}
			}
			for _, v := range c.Values {
				if want := html.EscapeString(v.Path + " = " + v.Text()); !strings.Contains(sec, want) {
					t.Errorf("%s: check %q: section lacks the value read %q", id, c.Name, want)
				}
			}
		}
		hasSeries := sr.Result != nil && len(sr.Result.Series) > 0
		if got := strings.Contains(sec, `class="nodata scenario-nodata"`); got == hasSeries {
			t.Errorf("%s: no-data note shown = %v with %v series", id, got, hasSeries)
		}
		if !hasSeries {
			if m := chartAttr.FindString(sec); m != "" {
				t.Errorf("%s: a scenario without data has chart %s", id, m)
			}
			continue
		}
		for _, slug := range []string{"throughput", "latency", "pool"} {
			c := charts[id+"-"+slug]
			if c == nil {
				if !strings.Contains(sec, `data-empty="`+id+"-"+slug+`"`) {
					t.Errorf("%s: chart %s neither drawn nor said empty", id, slug)
				}
				continue
			}
			if len(c.X) != len(sr.Result.Series) || c.Marks == nil {
				t.Errorf("%s-%s: %d points for %d intervals, marks %v", id, slug, len(c.X), len(sr.Result.Series), c.Marks)
			}
			for _, l := range c.Lines {
				if len(l.Data) != len(c.X) {
					t.Errorf("%s-%s: line %s has %d points for %d x", id, slug, l.Label, len(l.Data), len(c.X))
				}
			}
			if !strings.Contains(sec, `<details class="numbers" data-table="`+id+"-"+slug+`">`) {
				t.Errorf("%s-%s: no table of numbers under the chart", id, slug)
			}
		}
		if c := charts[id+"-latency"]; c != nil && !c.YLog {
			t.Errorf("%s: latency axis is not logarithmic", id)
		}
		// Ok per second of every interval, as the chart draws it.
		if c := charts[id+"-throughput"]; c != nil {
			for j, iv := range sr.Result.Series {
				want := float64(iv.Ops.OK) / (iv.Duration / 1000)
				// 4 significant digits: within 5e-4 of the value.
				if got := c.Lines[0].Data[j]; got == nil || math.Abs(*got-want) > 5e-4*math.Max(1, want) {
					t.Errorf("%s: ok/s of interval %d = %v, want %v", id, j, fmtPtr(got), want)
				}
			}
		}
	}
	return charts
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func TestGoldenFixtures(t *testing.T) {
	for _, name := range []string{"normal.json", "interrupted.json", "sweep.json", "nodata.json"} {
		t.Run(name, func(t *testing.T) {
			run := loadFixture(t, name)
			page := render(t, run)
			charts := checkStructure(t, run, page)
			switch name {
			case "normal.json":
				// The outage scenario: its fault window, terminate and
				// phases are marked on every chart over time.
				c := charts["s3-throughput"]
				if c == nil || c.Marks == nil {
					t.Fatal("s3-throughput: no chart with marks")
				}
				var start, end float64
				for _, f := range run.Scenarios[3].Faults {
					if f.Kind == "outage" && strings.HasPrefix(f.What, "start") {
						start = f.AtMs / 1000
					}
					if f.Kind == "outage" && f.What == "end" {
						end = f.AtMs / 1000
					}
				}
				if len(c.Marks.Windows) != 1 || c.Marks.Windows[0].Label != "outage" || c.Marks.Windows[0].From != start || c.Marks.Windows[0].To != end {
					t.Errorf("fault windows %+v, want outage %v..%v", c.Marks.Windows, start, end)
				}
				if len(c.Marks.Instants) != 1 || c.Marks.Instants[0].Label != "terminate" {
					t.Errorf("instants %+v, want terminate", c.Marks.Instants)
				}
				if len(c.Marks.Phases) != 2 || c.Marks.Phases[0].Label != "before" || c.Marks.Phases[1].Label != "storm" {
					t.Errorf("phases %+v, want before, storm", c.Marks.Phases)
				}
				if charts["s3-errors"] == nil || charts["s4-errors"] != nil {
					t.Error("errors chart: want one for the outage, none for the error-free redis scenario")
				}
				if p := charts["s3-pct"]; p == nil || p.Kind != "pct" || len(p.Lines) != 2 {
					t.Errorf("s3-pct: want a percentile chart with latency and acquire, got %+v", p)
				}
				fallthrough
			case "sweep.json", "interrupted.json":
				sw := charts["sweep0"]
				if sw == nil {
					t.Fatal("no sweep chart")
				}
				if strings.Join(sw.XText, ",") != "1,2,4" {
					t.Errorf("sweep keys %v, want 1,2,4", sw.XText)
				}
				for j, sr := range run.Scenarios[:3] {
					got := sw.Lines[0].Data[j]
					if got == nil || math.Abs(*got-sr.Result.Throughput) > 5e-4*sr.Result.Throughput {
						t.Errorf("sweep throughput of %s = %v, want %v", sr.Name, got, sr.Result.Throughput)
					}
					if p := sw.Lines[1].Data[j]; p == nil || math.Abs(*p-sr.Result.Latency.P99) > 5e-4*sr.Result.Latency.P99 {
						t.Errorf("sweep p99 of %s = %v, want %v", sr.Name, p, sr.Result.Latency.P99)
					}
				}
			case "nodata.json":
				if len(charts) != 0 {
					t.Errorf("a run without data has %d charts", len(charts))
				}
				if !strings.Contains(page, `data-empty="sweep0"><p>No member of this sweep has data.`) {
					t.Error("a sweep without data does not say so")
				}
			}
			if name == "interrupted.json" && !strings.Contains(sections(page)["s4"], "No data: this scenario recorded no intervals (status skipped)") {
				t.Error("the skipped scenario does not say it has no data")
			}
		})
	}
}

func TestDownsampleKeepsSpikes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2*MaxBuckets - 1, 2 * MaxBuckets, 2*MaxBuckets + 1, 3601, 86400} {
		x := make([]float64, n)
		y := make([]float64, n)
		gap := make([]float64, n)
		for i := range x {
			x[i] = float64(i)
			y[i] = 10 + rng.Float64()
			gap[i] = nan
		}
		hi, lo := rng.IntN(n), rng.IntN(n)
		y[hi], y[lo] = 1e6, -5
		if lo == hi {
			y[hi] = 1e6
		}
		dx, dc := downsample(x, [][]float64{y, gap})
		if n <= 2*MaxBuckets && len(dx) != n {
			t.Errorf("n=%d: %d points, want all", n, len(dx))
		}
		if len(dx) > 2*MaxBuckets || len(dc[0]) != len(dx) || len(dc[1]) != len(dx) {
			t.Errorf("n=%d: %d x, %d y: more than %d or unequal", n, len(dx), len(dc[0]), 2*MaxBuckets)
		}
		mx, mn := math.Inf(-1), math.Inf(1)
		for i, v := range dc[0] {
			mx, mn = math.Max(mx, v), math.Min(mn, v)
			if i > 0 && dx[i] < dx[i-1] {
				t.Fatalf("n=%d: x not in order at %d", n, i)
			}
		}
		if mx != 1e6 || (lo != hi && mn != -5) {
			t.Errorf("n=%d: spike lost: max %v min %v", n, mx, mn)
		}
		for _, v := range dc[1] {
			if !math.IsNaN(v) {
				t.Fatalf("n=%d: no data became %v", n, v)
			}
		}
	}
}

func TestPercentiles(t *testing.T) {
	h := hdrhistogram.New(1, 60_000_000, 3)
	for i := 1; i <= 10000; i++ {
		h.RecordValue(int64(i * 100)) // 0.1 ms .. 1000 ms
	}
	a := hdrhistogram.New(1, 60_000_000, 3)
	for i := 1; i <= 100; i++ {
		a.RecordValue(int64(i * 10))
	}
	enc := func(h *hdrhistogram.Histogram) string {
		b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	c := percentiles("s0", &results.Result{Histograms: map[string]string{"latency": enc(h), "acquire": enc(a)}})
	if c.Empty != "" || len(c.Lines) != 2 {
		t.Fatalf("chart %+v", c)
	}
	if c.X[0] != 1 || c.X[len(c.X)-1] != 10000 {
		t.Errorf("x from %v to %v, want 1 to the count 10000", c.X[0], c.X[len(c.X)-1])
	}
	lat, acq := c.Lines[0].Data, c.Lines[1].Data
	for i, x := range c.X {
		p := 1 - 1/x
		if want := float64(h.ValueAtQuantile(100*p)) / 1000; i < len(c.X)-1 && lat[i] != want {
			t.Errorf("latency at p=%v: %v, want %v", p, lat[i], want)
		}
		if i > 0 && lat[i] < lat[i-1] {
			t.Errorf("latency percentiles decrease at %d", i)
		}
	}
	if got, want := lat[len(lat)-1], float64(h.Max())/1000; got != want {
		t.Errorf("last latency point %v, want the max %v", got, want)
	}
	// acquire has 100 values: its line ends at its max at x = 100.
	var last int
	for i, v := range acq {
		if !math.IsNaN(v) {
			last = i
		}
	}
	if c.X[last] < 100 || c.X[last-1] >= 100 || acq[last] != float64(a.Max())/1000 {
		t.Errorf("acquire ends at x=%v with %v, want x>=100 with its max %v", c.X[last], acq[last], float64(a.Max())/1000)
	}
	if c := percentiles("s0", &results.Result{Histograms: map[string]string{"latency": "not base64!"}}); c.Empty == "" {
		t.Error("an undecodable histogram is not said")
	}
	if c := percentiles("s0", &results.Result{}); c.Empty == "" {
		t.Error("no histogram is not said")
	}
}

// bigRun is a run of n scenarios with long series: every error kind,
// pool and lateness in every interval, faults, phases and histograms.
func bigRun(t testing.TB, n, intervals int) *results.Run {
	rng := rand.New(rand.NewPCG(7, 8))
	h := hdrhistogram.New(1, 60_000_000, 3)
	for range 200000 {
		h.RecordValue(int64(100 + rng.ExpFloat64()*3000))
	}
	enc, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	run := &results.Run{SchemaVersion: results.SchemaVersion, Version: "test", RunID: "0a1b2c3d", Seed: 42,
		StartedAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), DurationMs: float64(n*intervals) * 1000,
		Targets: map[string]string{"postgres": "postgres://u:hunter2@127.0.0.1:5432/db"}}
	g := func(v float64) results.Gauge { return results.Gauge{Samples: 10, Min: v, Max: v, Mean: v, Last: v} }
	sm := func(v float64) results.Summary {
		return results.Summary{Count: 100, Min: v / 2, Mean: v, P50: v, P90: v * 2, P95: v * 3, P99: v * 5, P999: v * 8, Max: v * 10}
	}
	for i := range n {
		r := &results.Result{Duration: float64(intervals) * 1000, Histograms: map[string]string{"latency": string(enc), "acquire": string(enc)},
			Errors: map[string]int64{}, Lateness: sm(0.3), Phases: map[string]*results.Result{
				"warm": {StartMs: 0, Duration: float64(intervals) * 500}, "storm": {StartMs: float64(intervals) * 500, Duration: float64(intervals) * 500}}}
		for _, k := range results.ErrorKinds {
			r.Errors[k] = 1
		}
		r.Ops = results.Ops{Total: int64(intervals) * 1000, OK: int64(intervals) * 1000}
		r.Throughput = 1000
		r.Latency = sm(2)
		for j := range intervals {
			iv := results.Interval{TMs: float64(j) * 1000}
			iv.Duration = 1000
			iv.Ops = results.Ops{Total: 1000 + int64(rng.IntN(100)), OK: 990, Failed: int64(rng.IntN(10)), Dropped: int64(rng.IntN(3))}
			iv.Latency, iv.Acquire, iv.Lateness = sm(1+rng.Float64()*3), sm(0.1+rng.Float64()), sm(0.05+rng.Float64())
			iv.Pool = results.Pool{TotalConns: g(float64(rng.IntN(20))), IdleConns: g(float64(rng.IntN(20))), InUseConns: g(float64(rng.IntN(20)))}
			iv.Server.Conns = g(float64(rng.IntN(25)))
			iv.Process = results.Process{RSSMB: results.Growth{Samples: 10, Min: 40, Max: 40 + rng.Float64()*5},
				HeapMB: results.Growth{Samples: 10, Min: 8, Max: 8 + rng.Float64()*3}}
			iv.Errors = map[string]int64{}
			for _, k := range results.ErrorKinds {
				iv.Errors[k] = int64(rng.IntN(50))
			}
			r.Series = append(r.Series, iv)
		}
		spike := rng.IntN(intervals)
		r.Series[spike].Latency.P99 = 98765
		sr := &results.ScenarioRun{Name: fmt.Sprintf("scenario_%02d", i), Driver: []string{"postgres", "redis"}[i%2], Tags: []string{"t" + fmt.Sprint(i%3)},
			Source: "big.hcl:1:1", Status: results.StatusPass, DurationMs: r.Duration, ExpectedMs: r.Duration, Result: r,
			Checks: []results.CheckResult{{Name: "p99", Condition: "latency.p99 < 100000", Source: "big.hcl:3:3", Passed: true,
				Values: []results.CheckValue{{Path: "latency.p99", Value: 10.0}}}},
			Faults: []results.FaultEvent{{AtMs: 60000, Kind: "outage", What: "start: connections cut"}, {AtMs: 120000, Kind: "outage", What: "end"},
				{AtMs: 200000, Kind: "terminate", What: "terminated 3 connections"}}}
		run.Scenarios = append(run.Scenarios, sr)
	}
	run.Summary = results.Counts{Total: n, Passed: n}
	return run
}

// TestFiftyScenariosUnder5MB renders 50 scenarios of an hour each at one
// record a second: the file stays under 5 MB and each scenario's spike
// survives downsampling.
func TestFiftyScenariosUnder5MB(t *testing.T) {
	run := bigRun(t, 50, 3600)
	page := render(t, run)
	if len(page) >= 5<<20 {
		t.Fatalf("50-scenario report is %d bytes, want under 5 MB", len(page))
	}
	t.Logf("50 scenarios x 3600 intervals: %d bytes", len(page))
	charts := checkStructureBig(t, run, page)
	for i := range run.Scenarios {
		c := charts[fmt.Sprintf("s%d-latency", i)]
		found := false
		for _, v := range c.Lines[1].Data {
			if v != nil && *v == 98765 {
				found = true
			}
		}
		if !found {
			t.Errorf("s%d: the p99 spike was lost in downsampling", i)
		}
	}
	if strings.Contains(page, "hunter2") {
		t.Error("the target's password is in the report")
	}
}

// checkStructureBig is checkStructure for downsampled series: the chart
// has at most 2*MaxBuckets points.
func checkStructureBig(t *testing.T, run *results.Run, page string) map[string]*jsonChart {
	t.Helper()
	charts := chartsOf(t, page)
	for i := range run.Scenarios {
		for _, slug := range []string{"throughput", "latency", "pool", "process", "errors", "lateness", "pct"} {
			c := charts[fmt.Sprintf("s%d-%s", i, slug)]
			if c == nil {
				t.Fatalf("s%d-%s missing", i, slug)
			}
			if len(c.X) > 2*MaxBuckets || len(c.X) < 2 {
				t.Errorf("s%d-%s: %d points", i, slug, len(c.X))
			}
		}
		if got := len(charts[fmt.Sprintf("s%d-errors", i)].Lines); got != len(results.ErrorKinds) {
			t.Errorf("s%d: %d error kinds charted, want %d", i, got, len(results.ErrorKinds))
		}
	}
	return charts
}

// TestBouncerAndProcessCharts: a scenario whose series has bouncer
// samples (a PgBouncer target) gets a chart of its pools, one without
// gets none (not an empty box); every scenario charts stressql's memory.
func TestBouncerAndProcessCharts(t *testing.T) {
	run := bigRun(t, 2, 10)
	g := func(v float64) results.Gauge { return results.Gauge{Samples: 10, Min: v, Max: v, Mean: v, Last: v} }
	for j := range run.Scenarios[0].Result.Series {
		iv := &run.Scenarios[0].Result.Series[j]
		iv.Bouncer = results.Bouncer{ClActive: g(20), ClWaiting: g(float64(j)), SvActive: g(5), SvIdle: g(0)}
	}
	page := render(t, run)
	charts := checkStructure(t, run, page)
	b := charts["s0-bouncer"]
	if b == nil {
		t.Fatal("no bouncer chart for the scenario with bouncer samples")
	}
	want := []string{"clients active", "clients waiting", "server conns active", "server conns idle"}
	if len(b.Lines) != len(want) {
		t.Fatalf("bouncer chart has %d lines, want %d", len(b.Lines), len(want))
	}
	for i, l := range b.Lines {
		if l.Label != want[i] {
			t.Errorf("bouncer line %d is %q, want %q", i, l.Label, want[i])
		}
	}
	if v := b.Lines[1].Data[9]; v == nil || *v != 9 {
		t.Errorf("clients waiting in the last interval = %v, want 9", v)
	}
	if charts["s1-bouncer"] != nil {
		t.Error("a bouncer chart for a scenario without bouncer samples")
	}
	if charts["s0-policies"] != nil || charts["s1-policies"] != nil {
		t.Error("a policies chart for a scenario whose policies did nothing")
	}
	for _, id := range []string{"s0-process", "s1-process"} {
		p := charts[id]
		if p == nil || len(p.Lines) != 2 || p.Lines[0].Label != "RSS" {
			t.Fatalf("%s: %+v, want RSS and Go heap", id, p)
		}
		if v := p.Lines[0].Data[0]; v == nil || *v < 40 || *v > 45 {
			t.Errorf("%s: RSS of the first interval %v, want the sample's max (40-45 MB)", id, v)
		}
	}
}

// TestPoliciesChart: a scenario whose retries, fallbacks or breaker acted
// charts them per interval.
func TestPoliciesChart(t *testing.T) {
	run := bigRun(t, 1, 4)
	r := run.Scenarios[0].Result
	for j := range r.Series {
		iv := &r.Series[j]
		iv.Retries, iv.Fallbacks = int64(j), int64(2*j)
		iv.Breaker = results.Breaker{Rejected: int64(10 * j)}
		r.Retries += iv.Retries
		r.Fallbacks += iv.Fallbacks
		r.Breaker.Rejected += iv.Breaker.Rejected
	}
	r.Series[1].Breaker.Opened, r.Breaker.Opened = 1, 1
	charts := checkStructure(t, run, render(t, run))
	c := charts["s0-policies"]
	if c == nil {
		t.Fatal("no policies chart for a scenario that retried")
	}
	want := map[string][]float64{"retries": {0, 1, 2, 3}, "fallbacks": {0, 2, 4, 6}, "breaker rejected": {0, 10, 20, 30}, "breaker opened": {0, 1, 0, 0}}
	if len(c.Lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(c.Lines), len(want))
	}
	for _, l := range c.Lines {
		w, ok := want[l.Label]
		if !ok {
			t.Errorf("unexpected line %q", l.Label)
			continue
		}
		for i, v := range l.Data {
			if v == nil || *v != w[i] {
				t.Errorf("%s[%d] = %v, want %v", l.Label, i, v, w[i])
			}
		}
	}
}

// TestHostileText: names, conditions and messages cannot break out of the
// page or its data script.
func TestHostileText(t *testing.T) {
	run := bigRun(t, 2, 5)
	evil := `</script><script>alert(1)</script><img src=x onerror=alert(2)>`
	run.Scenarios[0].Name = "a" + evil + "[k1]"
	run.Scenarios[1].Name = "a" + evil + "[k2]"
	run.Scenarios[0].Checks[0].Condition = evil
	run.Scenarios[0].Errors = []string{evil}
	run.Version = evil
	page := render(t, run)
	if strings.Count(page, "<script") != 3 || strings.Contains(page, "<img") {
		t.Errorf("hostile text made markup: %d script elements", strings.Count(page, "<script"))
	}
	charts := chartsOf(t, page)
	if charts["sweep0"] == nil || charts["sweep0"].XText[0] != "k1" {
		t.Errorf("sweep of hostile names: %+v", charts["sweep0"])
	}
	if !strings.Contains(page, "postgres://u:xxxxx@127.0.0.1:5432/db") || strings.Contains(page, "hunter2") {
		t.Error("target not shown redacted")
	}
}

func BenchmarkWriteFifty(b *testing.B) {
	run := bigRun(b, 50, 3600)
	b.ResetTimer()
	for range b.N {
		if err := Write(io.Discard, run); err != nil {
			b.Fatal(err)
		}
	}
}
