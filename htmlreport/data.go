package htmlreport

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// MaxBuckets bounds the points of a chart over time: a longer series is
// cut into at most MaxBuckets buckets, each drawn as two points (its
// minimum and maximum, in the order they happened), so a spike of one
// interval survives downsampling.
const MaxBuckets = 300

// page is what the template renders: the run's header and, per scenario,
// what the HTML shows without script (checks, empty-chart notes).
type page struct {
	Run       header
	Scenarios []*scenario
	Sweeps    []*chart
	Drivers   []string
	Tags      []string
	Statuses  []string
}

type header struct {
	Version     string
	RunID       string
	Seed        int64
	Started     string
	Duration    string
	Interrupted bool
	Targets     []target
	Summary     results.Counts
}

type target struct{ Driver, URL string }

type scenario struct {
	ID         string
	Name       string
	Driver     string
	Tags       []string
	Source     string
	Status     string
	Duration   string
	Expected   string
	Errors     []string
	Aborted    string
	Leaked     int
	Checks     []check
	Faults     []string // the fault timeline, as text
	NoData     string   // why the scenario has no charts; "" when it has
	Charts     []*chart
	ChecksPass int
}

type check struct {
	Name, Condition, Source, Message, Window string
	Passed, NoData                           bool
	Values                                   []value
}

type value struct{ Path, Text string }

// chart is one chart: the template places it (id, title, empty note),
// the script draws it from its JSON form.
type chart struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Kind  string    `json:"kind"` // time | pct | sweep
	XName string    `json:"xname"`
	YName string    `json:"yname"`
	Y2    string    `json:"y2,omitempty"` // the right axis' name, sweeps
	YLog  bool      `json:"ylog"`
	X     col       `json:"x"`
	XText []string  `json:"xtext,omitempty"` // sweep keys
	Lines []line    `json:"lines"`
	Marks *marks    `json:"marks,omitempty"`
	Empty string    `json:"-"` // no data: said instead of drawn
	Note  string    `json:"-"`
	scen  *scenario `json:"-"`
}

type line struct {
	Label string `json:"label"`
	Color string `json:"color"` // a palette name: --c-NAME in the CSS
	Dash  bool   `json:"dash,omitempty"`
	Axis  int    `json:"axis,omitempty"` // 1: the right axis
	Data  col    `json:"data"`
}

// marks are the fault windows, instant faults and phases of a scenario,
// in seconds from its start.
type marks struct {
	Windows  []span    `json:"windows"`
	Instants []instant `json:"instants"`
	Phases   []span    `json:"phases"`
	End      float64   `json:"end"` // the series' end
}

type span struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Label string  `json:"label"`
}

type instant struct {
	At    float64 `json:"at"`
	Label string  `json:"label"`
}

// col is a column of numbers; NaN is no data (null in JSON). Numbers are
// written with 4 significant digits (what the tables show).
type col []float64

func (c col) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, v := range c {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonNum(v))
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

func jsonNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	s := strconv.FormatFloat(v, 'g', 4, 64)
	if strings.ContainsAny(s, "e") { // keep plain decimals for the tables
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			s = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	return s
}

var nan = math.NaN()

// build turns a run into the page.
func build(run *results.Run) *page {
	p := &page{Run: header{
		Version:     run.Version,
		RunID:       run.RunID,
		Seed:        run.Seed,
		Started:     run.StartedAt.UTC().Format("2006-01-02 15:04:05 MST"),
		Duration:    ms(run.DurationMs),
		Interrupted: run.Interrupted,
		Summary:     run.Summary,
	}}
	if run.StartedAt.IsZero() {
		p.Run.Started = "unknown"
	}
	for d, u := range run.Targets {
		p.Run.Targets = append(p.Run.Targets, target{Driver: d, URL: redact.Target(u)})
	}
	sort.Slice(p.Run.Targets, func(i, j int) bool { return p.Run.Targets[i].Driver < p.Run.Targets[j].Driver })
	drivers, tags, statuses := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, sr := range run.Scenarios {
		if sr == nil {
			continue
		}
		s := buildScenario(fmt.Sprintf("s%d", i), sr)
		p.Scenarios = append(p.Scenarios, s)
		drivers[s.Driver] = true
		statuses[s.Status] = true
		for _, t := range s.Tags {
			tags[t] = true
		}
	}
	p.Drivers, p.Tags, p.Statuses = keys(drivers), keys(tags), keys(statuses)
	p.Sweeps = sweeps(run.Scenarios)
	return p
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func ms(v float64) string {
	switch {
	case v >= 60000:
		return fmt.Sprintf("%dm%02.1fs", int(v/60000), math.Mod(v, 60000)/1000)
	case v >= 1000:
		return fmt.Sprintf("%.2fs", v/1000)
	}
	return fmt.Sprintf("%.1fms", v)
}

func buildScenario(id string, sr *results.ScenarioRun) *scenario {
	s := &scenario{
		ID: id, Name: sr.Name, Driver: sr.Driver, Tags: sr.Tags, Source: sr.Source,
		Status: sr.Status, Duration: ms(sr.DurationMs), Expected: ms(sr.ExpectedMs),
		Errors: sr.Errors, Leaked: sr.LeakedConns,
	}
	if sr.Aborted != nil {
		s.Aborted = fmt.Sprintf("stopped at +%s by check %q (its window at +%s failed)", ms(sr.Aborted.AtMs), sr.Aborted.Check, ms(sr.Aborted.WindowMs))
	}
	for _, c := range sr.Checks {
		ck := check{Name: c.Name, Condition: c.Condition, Source: c.Source, Message: c.Message, Passed: c.Passed, NoData: c.NoData}
		if c.Passed {
			s.ChecksPass++
		}
		if c.Window != nil {
			ck.Window = fmt.Sprintf("+%s..+%s", ms(c.Window.TMs), ms(c.Window.TMs+c.Window.DurationMs))
		}
		for _, v := range c.Values {
			ck.Values = append(ck.Values, value{Path: v.Path, Text: v.Text()})
		}
		s.Checks = append(s.Checks, ck)
	}
	for _, f := range sr.Faults {
		t := fmt.Sprintf("+%s %s: %s", ms(f.AtMs), f.Kind, f.What)
		if f.Phase != "" {
			t = fmt.Sprintf("+%s [%s] %s: %s", ms(f.AtMs), f.Phase, f.Kind, f.What)
		}
		if f.LateMs != nil && *f.LateMs > 0 {
			t += fmt.Sprintf(" (%s late)", ms(*f.LateMs))
		}
		if f.Error != "" {
			t += " — error: " + f.Error
		}
		s.Faults = append(s.Faults, t)
	}
	r := sr.Result
	if r == nil || len(r.Series) == 0 {
		s.NoData = fmt.Sprintf("No data: this scenario recorded no intervals (status %s), so there is nothing to chart.", sr.Status)
	} else {
		s.Charts = timeCharts(id, sr)
	}
	if r != nil {
		if c := percentiles(id, r); c != nil {
			s.Charts = append(s.Charts, c)
		}
	}
	for _, c := range s.Charts {
		c.scen = s
	}
	return s
}

// scenarioMarks collects the fault windows (a start paired with the next
// end of the same kind and phase), instant faults and named phases.
func scenarioMarks(sr *results.ScenarioRun, endS float64) *marks {
	m := &marks{Windows: []span{}, Instants: []instant{}, Phases: []span{}, End: endS}
	type key struct{ phase, kind string }
	open := map[key]int{} // index into m.Windows
	for _, f := range sr.Faults {
		k := key{f.Phase, f.Kind}
		at := f.AtMs / 1000
		switch {
		case strings.HasPrefix(f.What, "start"):
			open[k] = len(m.Windows)
			m.Windows = append(m.Windows, span{From: at, To: math.NaN(), Label: f.Kind})
		case f.What == "end":
			if i, ok := open[k]; ok {
				m.Windows[i].To = at
				delete(open, k)
				continue
			}
			m.Instants = append(m.Instants, instant{At: at, Label: f.Kind + " end"})
		default:
			m.Instants = append(m.Instants, instant{At: at, Label: f.Kind})
		}
	}
	for i := range m.Windows {
		if math.IsNaN(m.Windows[i].To) {
			m.Windows[i].To = math.Max(endS, m.Windows[i].From)
		}
	}
	if r := sr.Result; r != nil {
		for name, ph := range r.Phases {
			if ph == nil {
				continue
			}
			m.Phases = append(m.Phases, span{From: ph.StartMs / 1000, To: (ph.StartMs + ph.Duration) / 1000, Label: name})
		}
	}
	sort.Slice(m.Phases, func(i, j int) bool { return m.Phases[i].From < m.Phases[j].From })
	return m
}

// perSecond is n over an interval of d ms.
func perSecond(n int64, d float64) float64 {
	if d <= 0 {
		return nan
	}
	return float64(n) / (d / 1000)
}

// summ is a value of a summary, NaN without data or when not positive
// (the latency axis is logarithmic).
func summ(s results.Summary, v float64) float64 {
	if s.Count == 0 || v <= 0 {
		return nan
	}
	return v
}

func gauge(g results.Gauge) float64 {
	if g.Samples == 0 {
		return nan
	}
	return g.Max
}

// growthMax is a process gauge's largest sample, NaN without samples.
func growthMax(g results.Growth) float64 {
	if g.Samples == 0 {
		return nan
	}
	return g.Max
}

func timeCharts(id string, sr *results.ScenarioRun) []*chart {
	ser := sr.Result.Series
	n := len(ser)
	x := make([]float64, n)
	for i, iv := range ser {
		x[i] = (iv.TMs + iv.Duration/2) / 1000
	}
	last := ser[n-1]
	mk := scenarioMarks(sr, (last.TMs+last.Duration)/1000)
	column := func(f func(iv *results.Interval) float64) []float64 {
		out := make([]float64, n)
		for i := range ser {
			out[i] = f(&ser[i])
		}
		return out
	}
	var charts []*chart
	add := func(slug, title, yname string, ylog bool, empty string, lines []line) {
		c := &chart{ID: id + "-" + slug, Title: title, Kind: "time", XName: "s from the scenario's start", YName: yname, YLog: ylog, Marks: mk}
		cols := make([][]float64, len(lines))
		for i := range lines {
			cols[i] = lines[i].Data
		}
		dx, dcols := downsample(x, cols)
		if len(dx) < n {
			c.Note = fmt.Sprintf("%d intervals, downsampled to %d points (each bucket's minimum and maximum)", n, len(dx))
		}
		c.X = dx
		for i := range lines {
			lines[i].Data = dcols[i]
		}
		c.Lines = lines
		if !anyData(lines) {
			c.Empty = empty
		}
		charts = append(charts, c)
	}
	add("throughput", "Throughput", "iterations/s", false, "No iterations finished in any interval.", []line{
		{Label: "ok/s", Color: "ok", Data: column(func(iv *results.Interval) float64 { return perSecond(iv.Ops.OK, iv.Duration) })},
		{Label: "failed/s", Color: "failed", Data: column(func(iv *results.Interval) float64 { return perSecond(iv.Ops.Failed, iv.Duration) })},
		{Label: "dropped/s", Color: "dropped", Data: column(func(iv *results.Interval) float64 { return perSecond(iv.Ops.Dropped, iv.Duration) })},
	})
	// anyData of throughput is true as soon as an interval has a duration;
	// say so when nothing ran at all.
	if c := charts[0]; c.Empty == "" && sr.Result.Ops.Total == 0 {
		c.Empty = "No iterations ran."
	}
	add("latency", "Latency", "ms (log)", true, "No latency recorded: no iteration finished.", []line{
		{Label: "p50", Color: "p50", Data: column(func(iv *results.Interval) float64 { return summ(iv.Latency, iv.Latency.P50) })},
		{Label: "p99", Color: "p99", Data: column(func(iv *results.Interval) float64 { return summ(iv.Latency, iv.Latency.P99) })},
		{Label: "max", Color: "max", Data: column(func(iv *results.Interval) float64 { return summ(iv.Latency, iv.Latency.Max) })},
		{Label: "acquire p99", Color: "acquire", Dash: true, Data: column(func(iv *results.Interval) float64 { return summ(iv.Acquire, iv.Acquire.P99) })},
	})
	add("pool", "Pool and server connections (max per interval)", "connections", false, "No pool or server samples.", []line{
		{Label: "total", Color: "total", Data: column(func(iv *results.Interval) float64 { return gauge(iv.Pool.TotalConns) })},
		{Label: "idle", Color: "idle", Data: column(func(iv *results.Interval) float64 { return gauge(iv.Pool.IdleConns) })},
		{Label: "in use", Color: "inuse", Data: column(func(iv *results.Interval) float64 { return gauge(iv.Pool.InUseConns) })},
		{Label: "server conns", Color: "server", Dash: true, Data: column(func(iv *results.Interval) float64 { return gauge(iv.Server.Conns) })},
	})
	// A PgBouncer target only: on any other target every interval's
	// bouncer gauges are no data, and an empty box in every scenario
	// would say nothing.
	bouncer := []line{
		{Label: "clients active", Color: "inuse", Data: column(func(iv *results.Interval) float64 { return gauge(iv.Bouncer.ClActive) })},
		{Label: "clients waiting", Color: "failed", Data: column(func(iv *results.Interval) float64 { return gauge(iv.Bouncer.ClWaiting) })},
		{Label: "server conns active", Color: "total", Dash: true, Data: column(func(iv *results.Interval) float64 { return gauge(iv.Bouncer.SvActive) })},
		{Label: "server conns idle", Color: "idle", Dash: true, Data: column(func(iv *results.Interval) float64 { return gauge(iv.Bouncer.SvIdle) })},
	}
	if anyData(bouncer) {
		add("bouncer", "PgBouncer pools (max per interval)", "connections", false, "No bouncer samples.", bouncer)
	}
	// Only a scenario whose policies did something: retries, fallbacks
	// and the breaker are counts, 0 (not no data) in every interval of a
	// scenario without policies.
	if r, b := sr.Result, sr.Result.Breaker; r.Retries+r.Fallbacks+b.Opened+b.HalfOpened+b.Closed+b.Rejected > 0 {
		add("policies", "Retries, fallbacks and the breaker (per interval)", "count", false, "No policy acted.", []line{
			{Label: "retries", Color: "k1", Data: column(func(iv *results.Interval) float64 { return float64(iv.Retries) })},
			{Label: "fallbacks", Color: "k2", Data: column(func(iv *results.Interval) float64 { return float64(iv.Fallbacks) })},
			{Label: "breaker rejected", Color: "failed", Data: column(func(iv *results.Interval) float64 { return float64(iv.Breaker.Rejected) })},
			{Label: "breaker opened", Color: "k3", Dash: true, Data: column(func(iv *results.Interval) float64 { return float64(iv.Breaker.Opened) })},
		})
	}
	add("process", "stressql's memory (max per interval)", "MB", false, "No process samples.", []line{
		{Label: "RSS", Color: "total", Data: column(func(iv *results.Interval) float64 { return growthMax(iv.Process.RSSMB) })},
		{Label: "Go heap", Color: "p50", Data: column(func(iv *results.Interval) float64 { return growthMax(iv.Process.HeapMB) })},
	})
	var errLines []line
	for _, k := range results.ErrorKinds {
		if sr.Result.Errors[k] == 0 {
			total := int64(0)
			for j := range ser {
				total += ser[j].Errors[k]
			}
			if total == 0 {
				continue
			}
		}
		errLines = append(errLines, line{Label: k, Color: fmt.Sprintf("k%d", len(errLines)%7), Data: column(func(iv *results.Interval) float64 { return float64(iv.Errors[k]) })})
	}
	if len(errLines) == 0 {
		charts = append(charts, &chart{ID: id + "-errors", Title: "Errors by kind", Kind: "time", Empty: "No iteration failed: no errors to chart."})
	} else {
		add("errors", "Errors by kind (per interval)", "failed iterations", false, "No errors.", errLines)
	}
	if sr.Result.Lateness.Count == 0 {
		charts = append(charts, &chart{ID: id + "-lateness", Title: "Generator lateness", Kind: "time", Empty: "No open-model load ran: the generator's lateness has no data."})
	} else {
		add("lateness", "Generator lateness", "ms (log)", true, "No lateness recorded.", []line{
			{Label: "lateness p99", Color: "p99", Data: column(func(iv *results.Interval) float64 { return summ(iv.Lateness, iv.Lateness.P99) })},
			{Label: "lateness max", Color: "max", Data: column(func(iv *results.Interval) float64 { return summ(iv.Lateness, iv.Lateness.Max) })},
		})
	}
	return charts
}

func anyData(lines []line) bool {
	for _, l := range lines {
		for _, v := range l.Data {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}

// downsample keeps x and cols as they are up to 2*MaxBuckets points; a
// longer series is cut into MaxBuckets buckets, each written as two rows
// (at its first and last x) holding, per column, the bucket's minimum and
// maximum in the order they occurred.
func downsample(x []float64, cols [][]float64) ([]float64, [][]float64) {
	n := len(x)
	if n <= 2*MaxBuckets {
		return x, cols
	}
	size := (n + MaxBuckets - 1) / MaxBuckets
	var ox []float64
	oc := make([][]float64, len(cols))
	for a := 0; a < n; a += size {
		b := min(a+size, n)
		if b-a == 1 {
			ox = append(ox, x[a])
			for i, c := range cols {
				oc[i] = append(oc[i], c[a])
			}
			continue
		}
		ox = append(ox, x[a], x[b-1])
		for i, c := range cols {
			lo, hi := -1, -1
			for j := a; j < b; j++ {
				if math.IsNaN(c[j]) {
					continue
				}
				if lo < 0 || c[j] < c[lo] {
					lo = j
				}
				if hi < 0 || c[j] > c[hi] {
					hi = j
				}
			}
			switch {
			case lo < 0:
				oc[i] = append(oc[i], nan, nan)
			case lo <= hi:
				oc[i] = append(oc[i], c[lo], c[hi])
			default:
				oc[i] = append(oc[i], c[hi], c[lo])
			}
		}
	}
	return ox, oc
}

// pctStep is the step of the percentile grid in log10(1/(1-p)): 20
// points a decade.
const pctStep = 0.05

// percentiles decodes the scenario's latency and acquire histograms into
// points of HdrHistogram's percentile plot: x is 1/(1-p), up to the
// count of the larger histogram, then the maximum.
func percentiles(id string, r *results.Result) *chart {
	c := &chart{ID: id + "-pct", Title: "Latency percentile distribution", Kind: "pct", XName: "percentile", YName: "ms (log)", YLog: true}
	hs := map[string]*hdrhistogram.Histogram{}
	var n int64
	for _, k := range []string{"latency", "acquire"} {
		enc := r.Histograms[k]
		if enc == "" {
			continue
		}
		h, err := hdrhistogram.Decode([]byte(enc))
		if err != nil {
			c.Empty = fmt.Sprintf("The %s histogram could not be decoded: %v.", k, err)
			return c
		}
		if h.TotalCount() > 0 {
			hs[k] = h
			n = max(n, h.TotalCount())
		}
	}
	if len(hs) == 0 {
		c.Empty = "No latency histogram: no iteration finished."
		return c
	}
	var xs []float64
	for e := 0.0; math.Pow(10, e) < float64(n); e += pctStep {
		xs = append(xs, math.Pow(10, e))
	}
	xs = append(xs, float64(max(n, 2)))
	c.X = xs
	for _, k := range []string{"latency", "acquire"} {
		h := hs[k]
		if h == nil {
			continue
		}
		data := make([]float64, len(xs))
		cnt := float64(h.TotalCount())
		done := false
		for i, x := range xs {
			switch {
			case done:
				data[i] = nan // past this histogram's own count
				continue
			case x >= cnt || i == len(xs)-1:
				data[i] = float64(h.Max()) / 1000
				done = true
			default:
				data[i] = float64(h.ValueAtQuantile(100*(1-1/x))) / 1000
			}
			if data[i] <= 0 {
				data[i] = nan
			}
		}
		color, dash := "p99", false
		if k == "acquire" {
			color, dash = "acquire", true
		}
		c.Lines = append(c.Lines, line{Label: k, Color: color, Dash: dash, Data: data})
	}
	if !anyData(c.Lines) {
		c.Empty = "Every recorded latency was 0."
	}
	return c
}

var sweepName = regexp.MustCompile(`^(.+)\[([^\[\]]*)\]$`)

// sweeps groups the members of each for_each sweep (names base[key]) with
// at least two members, in run order.
func sweeps(scs []*results.ScenarioRun) []*chart {
	var order []string
	members := map[string][]*results.ScenarioRun{}
	for _, sr := range scs {
		if sr == nil {
			continue
		}
		m := sweepName.FindStringSubmatch(sr.Name)
		if m == nil {
			continue
		}
		if members[m[1]] == nil {
			order = append(order, m[1])
		}
		members[m[1]] = append(members[m[1]], sr)
	}
	var out []*chart
	for i, base := range order {
		ms := members[base]
		if len(ms) < 2 {
			continue
		}
		c := &chart{ID: fmt.Sprintf("sweep%d", i), Title: base, Kind: "sweep", XName: "swept key", YName: "iterations/s", Y2: "p99 ms"}
		tp, p99 := line{Label: "throughput", Color: "ok"}, line{Label: "p99", Color: "p99", Axis: 1}
		for j, sr := range ms {
			c.X = append(c.X, float64(j))
			c.XText = append(c.XText, sweepName.FindStringSubmatch(sr.Name)[2])
			t, p := nan, nan
			if r := sr.Result; r != nil {
				if r.Duration > 0 && r.Ops.Total > 0 {
					t = r.Throughput
				}
				if r.Latency.Count > 0 {
					p = r.Latency.P99
				}
			}
			tp.Data = append(tp.Data, t)
			p99.Data = append(p99.Data, p)
		}
		c.Lines = []line{tp, p99}
		if !anyData(c.Lines) {
			c.Empty = "No member of this sweep has data."
		}
		out = append(out, c)
	}
	return out
}
