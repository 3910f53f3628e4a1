package runcompare

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stressql/stressql/results"
)

// Verdicts of a metric.
const (
	Regressed     = "regressed"
	Improved      = "improved"
	NoChange      = "no significant change"
	NotEnoughData = "not enough data"
)

// Defaults of Options.
const (
	// DefaultMaxRegression is the relative change a metric must exceed
	// (in the worse or the better direction) before it can be a verdict.
	DefaultMaxRegression = 0.10
	// Alpha is the significance level of the rank test.
	Alpha = 0.05
	// MinIntervals is the fewest per-interval samples each run must have
	// for a metric to get a verdict.
	MinIntervals = 5
)

// Metric describes one compared metric: its name (as --max-regression
// names it), unit, the absolute floor below which a change is never a
// verdict, and whether a higher value is worse.
type Metric struct {
	Name        string
	Unit        string // "ms", "/s" or "share" (a fraction, printed as a percentage)
	Floor       float64
	HigherWorse bool
	// value reads the metric from a whole part or one interval; ok is
	// false when it has no data there.
	value func(r *results.Result) (v float64, ok bool)
	// lateness reads, for a latency, the generator's lateness at the same
	// percentile (nil for other metrics; ok false without an open model).
	lateness func(r *results.Result) (v float64, ok bool)
}

// Metrics are the compared metrics, in output order.
var Metrics = []Metric{
	latency("p50", func(s results.Summary) float64 { return s.P50 }),
	latency("p95", func(s results.Summary) float64 { return s.P95 }),
	latency("p99", func(s results.Summary) float64 { return s.P99 }),
	latency("max", func(s results.Summary) float64 { return s.Max }),
	{Name: "acquire_p99", Unit: "ms", Floor: 1, HigherWorse: true, value: func(r *results.Result) (float64, bool) {
		return r.Acquire.P99, r.Acquire.Count > 0
	}},
	{Name: "throughput", Unit: "/s", Floor: 1, value: func(r *results.Result) (float64, bool) {
		return r.Throughput, r.Duration > 0
	}},
	{Name: "error_rate", Unit: "share", Floor: 0.005, HigherWorse: true, value: func(r *results.Result) (float64, bool) {
		return r.ErrorRate, r.Ops.OK+r.Ops.Failed > 0
	}},
	{Name: "dropped", Unit: "share", Floor: 0.005, HigherWorse: true, value: func(r *results.Result) (float64, bool) {
		if r.Ops.Total == 0 {
			return 0, false
		}
		return float64(r.Ops.Dropped) / float64(r.Ops.Total), true
	}},
}

// latency is the latency percentile f; its lateness is the open-model
// generator's lateness at the same percentile.
func latency(name string, f func(results.Summary) float64) Metric {
	return Metric{Name: name, Unit: "ms", Floor: 1, HigherWorse: true,
		value:    func(r *results.Result) (float64, bool) { return f(r.Latency), r.Latency.Count > 0 },
		lateness: func(r *results.Result) (float64, bool) { return f(r.Lateness), r.Lateness.Count > 0 },
	}
}

// metricByName returns the metric called name.
func metricByName(name string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// Options are the thresholds of a comparison.
type Options struct {
	// MaxRegression is the relative change (0.10 = 10%) a metric must
	// exceed; 0 means DefaultMaxRegression.
	MaxRegression float64
	// PerMetric overrides MaxRegression by metric name.
	PerMetric map[string]float64
}

// threshold is the relative change metric must exceed.
func (o Options) threshold(metric string) float64 {
	if v, ok := o.PerMetric[metric]; ok {
		return v
	}
	if o.MaxRegression > 0 {
		return o.MaxRegression
	}
	return DefaultMaxRegression
}

// ParseMaxRegression reads --max-regression values into o: "10%" sets the
// default, "p99=20%" one metric's; a value may hold several, separated by
// commas. A number without % is a percentage too.
func (o *Options) ParseMaxRegression(values []string) error {
	for _, value := range values {
		for _, item := range strings.Split(value, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			name, pct, named := strings.Cut(item, "=")
			if !named {
				pct, name = name, ""
			}
			f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(pct), "%"), 64)
			if err != nil || f <= 0 || math.IsInf(f, 0) {
				return fmt.Errorf("--max-regression %q: want a percentage above 0, such as 10%% or p99=20%%", item)
			}
			if !named {
				o.MaxRegression = f / 100
				continue
			}
			name = strings.TrimSpace(name)
			if _, ok := metricByName(name); !ok {
				return fmt.Errorf("--max-regression %q: unknown metric %q; the metrics are %s", item, name, metricNames())
			}
			if o.PerMetric == nil {
				o.PerMetric = map[string]float64{}
			}
			o.PerMetric[name] = f / 100
		}
	}
	return nil
}

func metricNames() string {
	var names []string
	for _, m := range Metrics {
		names = append(names, m.Name)
	}
	return strings.Join(names, ", ")
}

// Report is the comparison of two runs.
type Report struct {
	FormatVersion string `json:"format_version"`
	Baseline      Source `json:"baseline"`
	New           Source `json:"new"`
	// Parts are the scenarios, phases and loads present in both runs,
	// in the new run's order.
	Parts []*Part `json:"parts"`
	// OnlyInBaseline and OnlyInNew name the scenarios (and phases and
	// loads of scenarios in both) present in one run only.
	OnlyInBaseline []string `json:"only_in_baseline"`
	OnlyInNew      []string `json:"only_in_new"`
	Summary        Summary  `json:"summary"`
}

// FormatVersion is the version of the JSON form of Report.
const FormatVersion = "1"

// Source says which run a side is.
type Source struct {
	File      string `json:"file"`
	RunID     string `json:"run_id"`
	StartedAt string `json:"started_at"`
}

// Summary counts the verdicts of every metric of every part.
type Summary struct {
	Regressed     int `json:"regressed"`
	Improved      int `json:"improved"`
	NoChange      int `json:"no_significant_change"`
	NotEnoughData int `json:"not_enough_data"`
}

// Part is one scenario, phase or load compared.
type Part struct {
	Scenario string `json:"scenario"`
	Phase    string `json:"phase"` // "" for the scenario as a whole or a load across its phases
	Load     string `json:"load"`  // "" for the scenario or phase as a whole
	// Status is each run's scenario status (pass, fail, error, ...).
	BaselineStatus string    `json:"baseline_status"`
	NewStatus      string    `json:"new_status"`
	Metrics        []*Change `json:"metrics"`
}

// Name is the part as checks name it: "s", "s phase.p", "s load.l",
// "s phase.p.load.l".
func (p *Part) Name() string {
	switch {
	case p.Phase != "" && p.Load != "":
		return p.Scenario + " phase." + p.Phase + ".load." + p.Load
	case p.Phase != "":
		return p.Scenario + " phase." + p.Phase
	case p.Load != "":
		return p.Scenario + " load." + p.Load
	}
	return p.Scenario
}

// Change is one metric of a part in both runs. Values are null without
// data; Relative is null when the baseline is 0.
type Change struct {
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Baseline *float64 `json:"baseline"`
	New      *float64 `json:"new"`
	Absolute *float64 `json:"absolute"` // new - baseline
	Relative *float64 `json:"relative"` // absolute / baseline (0.25 = +25%)
	// Intervals are how many per-interval samples each run had.
	BaselineIntervals int `json:"baseline_intervals"`
	NewIntervals      int `json:"new_intervals"`
	// LatenessChange is, for a latency of an open-model part, how much
	// the generator's lateness at the same percentile changed: the verdict
	// reads the latencies net of it (null where there is no lateness).
	LatenessChange *float64 `json:"lateness_change"`
	// P is the rank test's two-sided p-value; null with too few intervals.
	P         *float64 `json:"p"`
	Threshold float64  `json:"threshold"` // the relative change it had to exceed
	Verdict   string   `json:"verdict"`
	// Reason says why a change is not a verdict (below the floor, below
	// the threshold, not significant, ...); empty for regressed/improved.
	Reason string `json:"reason"`
}

// Compare compares run new against baseline.
func Compare(baseline, new *results.Run, o Options) *Report {
	r := &Report{FormatVersion: FormatVersion, OnlyInBaseline: []string{}, OnlyInNew: []string{}, Parts: []*Part{},
		Baseline: source(baseline), New: source(new)}
	base := map[string]*results.ScenarioRun{}
	for _, s := range baseline.Scenarios {
		base[s.Name] = s
	}
	seen := map[string]bool{}
	for _, ns := range new.Scenarios {
		seen[ns.Name] = true
		bs := base[ns.Name]
		if bs == nil {
			r.OnlyInNew = append(r.OnlyInNew, ns.Name)
			continue
		}
		r.compareScenario(bs, ns, o)
	}
	for _, bs := range baseline.Scenarios {
		if !seen[bs.Name] {
			r.OnlyInBaseline = append(r.OnlyInBaseline, bs.Name)
		}
	}
	for _, p := range r.Parts {
		for _, c := range p.Metrics {
			switch c.Verdict {
			case Regressed:
				r.Summary.Regressed++
			case Improved:
				r.Summary.Improved++
			case NoChange:
				r.Summary.NoChange++
			default:
				r.Summary.NotEnoughData++
			}
		}
	}
	return r
}

// source describes run; the caller fills in File.
func source(run *results.Run) Source {
	s := Source{RunID: run.RunID}
	if !run.StartedAt.IsZero() {
		s.StartedAt = run.StartedAt.UTC().Format(time.RFC3339)
	}
	return s
}

// Regressed reports whether any metric regressed.
func (r *Report) Regressed() bool { return r.Summary.Regressed > 0 }

func (r *Report) compareScenario(bs, ns *results.ScenarioRun, o Options) {
	add := func(phase, load string, b, n *results.Result) {
		r.Parts = append(r.Parts, &Part{Scenario: ns.Name, Phase: phase, Load: load,
			BaselineStatus: bs.Status, NewStatus: ns.Status, Metrics: comparePart(b, n, o)})
	}
	add("", "", bs.Result, ns.Result)
	if bs.Result == nil || ns.Result == nil {
		return
	}
	r.children(ns.Name, "load.", bs.Result.Loads, ns.Result.Loads, func(name string, b, n *results.Result) {
		add("", name, b, n)
	})
	r.children(ns.Name, "phase.", bs.Result.Phases, ns.Result.Phases, func(phase string, b, n *results.Result) {
		add(phase, "", b, n)
		r.children(ns.Name, "phase."+phase+".load.", b.Loads, n.Loads, func(load string, bl, nl *results.Result) {
			add(phase, load, bl, nl)
		})
	})
}

// children compares the parts named in both maps (sorted by name) and
// lists the others as present in one run only.
func (r *Report) children(scenario, prefix string, b, n map[string]*results.Result, f func(name string, b, n *results.Result)) {
	for _, name := range sortedKeys(n) {
		if b[name] == nil {
			r.OnlyInNew = append(r.OnlyInNew, scenario+" "+prefix+name)
			continue
		}
		f(name, b[name], n[name])
	}
	for _, name := range sortedKeys(b) {
		if n[name] == nil {
			r.OnlyInBaseline = append(r.OnlyInBaseline, scenario+" "+prefix+name)
		}
	}
}

func sortedKeys(m map[string]*results.Result) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// comparePart compares every metric that either run measured.
func comparePart(b, n *results.Result, o Options) []*Change {
	var out []*Change
	for _, m := range Metrics {
		c := compareMetric(m, b, n, o.threshold(m.Name))
		if c == nil {
			continue
		}
		out = append(out, c)
	}
	return out
}

// net says whether m is compared net of the generator's lateness: a
// latency of a part with open-model lateness in both runs.
func net(m Metric, b, n *results.Result) bool {
	if m.lateness == nil {
		return false
	}
	_, bok := m.lateness(b)
	_, nok := m.lateness(n)
	return bok && nok
}

// at is m in r, net of the generator's lateness when subtract is set.
func at(m Metric, r *results.Result, subtract bool) (float64, bool) {
	v, ok := m.value(r)
	if !ok || !subtract {
		return v, ok
	}
	late, ok := m.lateness(r)
	return v - late, ok
}

// samples are the per-interval values of m in r's series (net of the
// lateness when subtract is set).
func samples(m Metric, r *results.Result, subtract bool) []float64 {
	var out []float64
	for i := range r.Series {
		if v, ok := at(m, &r.Series[i].Result, subtract); ok {
			out = append(out, v)
		}
	}
	return out
}

// compareMetric is nil when neither run measured m (acquire on redis).
func compareMetric(m Metric, b, n *results.Result, threshold float64) *Change {
	c := &Change{Metric: m.Name, Unit: m.Unit, Threshold: threshold, Verdict: NotEnoughData}
	var bv, nv float64
	var bok, nok bool
	if b != nil {
		bv, bok = m.value(b)
	}
	if n != nil {
		nv, nok = m.value(n)
	}
	if !bok && !nok {
		if m.Name == "acquire_p99" {
			return nil // not measured by this driver
		}
		c.Reason = "no data in either run"
		return c
	}
	if bok {
		c.Baseline = &bv
	}
	if nok {
		c.New = &nv
	}
	if !bok || !nok {
		c.Reason = "no data in one run"
		return c
	}
	abs := nv - bv
	c.Absolute = &abs
	if bv != 0 {
		rel := abs / bv
		c.Relative = &rel
	}
	// The verdict reads the values net of the generator's lateness, where
	// there is one: what the machine's own stalls added is not the
	// system's doing.
	subtract := net(m, b, n)
	db, _ := at(m, b, subtract)
	dn, _ := at(m, n, subtract)
	dabs := dn - db
	if subtract {
		bl, _ := m.lateness(b)
		nl, _ := m.lateness(n)
		lc := nl - bl
		c.LatenessChange = &lc
	}
	bs, ns := samples(m, b, subtract), samples(m, n, subtract)
	c.BaselineIntervals, c.NewIntervals = len(bs), len(ns)
	if len(bs) < MinIntervals || len(ns) < MinIntervals {
		c.Reason = fmt.Sprintf("fewer than %d intervals with data in a run", MinIntervals)
		return c
	}
	u, p := MannWhitney(bs, ns)
	c.P = &p
	c.Verdict = NoChange
	noise := math.Max(iqr(bs), iqr(ns))
	after := ""
	if subtract && dabs != abs {
		after = fmt.Sprintf(" once the generator's lateness (%s) is taken out", signedValue(m.Unit, *c.LatenessChange))
	}
	switch {
	case abs == 0:
		c.Reason = "unchanged"
	case math.Abs(abs) < m.Floor:
		c.Reason = "below the absolute floor of " + formatValue(m.Unit, m.Floor)
	case math.Abs(dabs) < m.Floor:
		c.Reason = "below the absolute floor of " + formatValue(m.Unit, m.Floor) + after
	case db != 0 && math.Abs(dabs/db) <= threshold:
		c.Reason = "within " + formatPercent(threshold) + after
	case math.Abs(dabs) <= noise:
		c.Reason = "within the runs' interval-to-interval spread of " + formatValue(m.Unit, noise) + after
	case p >= Alpha:
		c.Reason = fmt.Sprintf("not significant, p = %.3f", p) + after
	case (u > float64(len(bs)*len(ns))/2) != (dabs > 0):
		c.Reason = "the intervals disagree with the totals"
	case (dabs > 0) != (abs > 0):
		c.Reason = "the change is the generator's lateness"
	default:
		if (abs > 0) == m.HigherWorse {
			c.Verdict = Regressed
		} else {
			c.Verdict = Improved
		}
	}
	return c
}

// iqr is the interquartile range of v (linear interpolation between
// order statistics).
func iqr(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return quantile(s, 0.75) - quantile(s, 0.25)
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}
