package report

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// Layout of a scenario block: details are indented, with a label column.
const (
	indent     = "    "
	labelWidth = 12
)

// scenarioText renders a finished scenario for the console.
func scenarioText(s *results.ScenarioRun, st styles, width int) string {
	var b strings.Builder
	label, c := st.status(s.Status)
	info := "  " + termtext.Line(s.Driver) + ", " + dur(s.DurationMs)
	name := truncate(termtext.Line(s.Name), max(width-len(label)-2-len(info), 20))
	b.WriteString(c.Sprint(label) + "  " + name + st.faint.Sprint(info) + "\n")
	for _, l := range tableLines(s, width) {
		if n := len(indent) + labelWidth; len(l) > n {
			l = st.faint.Sprint(l[:n]) + l[n:]
		}
		b.WriteString(l + "\n")
	}
	for _, l := range lateFaultLines(s, width) {
		b.WriteString(st.warn.Sprint(l) + "\n")
	}
	for _, l := range checkLines(s, st, width) {
		b.WriteString(l + "\n")
	}
	for _, l := range errorLines(s, width) {
		b.WriteString(st.fail.Sprint(l) + "\n")
	}
	return b.String()
}

// row formats one labelled line of a scenario block, wrapped to width.
func row(label, text string, width int) []string {
	return termtext.Wrap(fmt.Sprintf("%s%-*s", indent, labelWidth, label), text, width)
}

// tableLines is the compact table of a scenario's results; none when it
// has no results.
func tableLines(s *results.ScenarioRun, width int) []string {
	r := s.Result
	if r == nil {
		return nil
	}
	var lines []string
	add := func(label, text string) { lines = append(lines, row(label, text, width)...) }

	throughput := "no data"
	if r.Duration > 0 {
		throughput = num(r.Throughput) + "/s"
	}
	add("ops", fmt.Sprintf("%s  (%s ok, %s failed, %s dropped)   throughput %s",
		count(r.Ops.Total), count(r.Ops.OK), count(r.Ops.Failed), count(r.Ops.Dropped), throughput))
	add("error rate", errorRateText(r))

	if r.Latency.Count == 0 {
		add("latency", "no data")
	} else {
		text := fmt.Sprintf("p50 %s   p95 %s   p99 %s",
			ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99))
		if r.Ops.Dropped > 0 {
			// Dropped iterations have no latency: say so where latency is.
			text += fmt.Sprintf("   (%s dropped: not in latency)", count(r.Ops.Dropped))
		}
		add("latency", text)
	}
	if r.Acquire.Count > 0 {
		add("acquire", fmt.Sprintf("p50 %s   p95 %s   p99 %s",
			ms(r.Acquire.P50), ms(r.Acquire.P95), ms(r.Acquire.P99)))
	}
	if l := latenessText(r); l != "" {
		add("lateness", l)
		if lag := results.GeneratorLag(r); lag != "" {
			add("", lag)
		}
	}
	if o := overTimeText(r.Series); o != "" {
		add("over time", o)
	}

	lines = append(lines, errorCountLines(r, width)...)

	pool := "peak no data"
	if g := r.Pool.TotalConns; g.Samples > 0 {
		pool = fmt.Sprintf("peak %s conns", whole(g.Max))
	}
	server := "no data"
	if g := r.Server.Conns; g.Samples > 0 {
		server = fmt.Sprintf("max %s conns", whole(g.Max))
	}
	add("pool", pool+"   server "+server)
	if len(r.Pool.Nodes) > 1 {
		for _, n := range r.Pool.Nodes {
			peak := "peak no data"
			if n.TotalConns.Samples > 0 {
				peak = fmt.Sprintf("peak %s conns", whole(n.TotalConns.Max))
			}
			add("  node", fmt.Sprintf("%s  %s   %s hits, %s misses, %s timeouts", n.Addr, peak, count(n.Hits), count(n.Misses), count(n.Timeouts)))
		}
	}
	if m, a := deref(r.Pool.Moved), deref(r.Pool.Ask); m > 0 || a > 0 {
		add("redirects", fmt.Sprintf("%s MOVED, %s ASK (Redis Cluster: slots moved during the run; followed, one round trip each)", count(m), count(a)))
	}
	if b := r.Bouncer; b.SvActive.Samples > 0 {
		add("bouncer", fmt.Sprintf("clients max %s active, %s waiting   servers max %s active, %s idle   maxwait %s",
			whole(b.ClActive.Max), whole(b.ClWaiting.Max), whole(b.SvActive.Max), whole(b.SvIdle.Max), dur(b.MaxWaitMs.Max)))
		if t := bouncerStats(b); t != "" {
			add("", t)
		}
	}
	if f := faultsText(s.Faults); f != "" {
		add("faults", f)
	}
	if a := s.Aborted; a != nil {
		text := fmt.Sprintf("at +%s: check %q failed in the window starting +%s (abort = true)", dur(a.AtMs), a.Check, dur(a.WindowMs))
		if a.Check == "" {
			text = fmt.Sprintf("at +%s by a windowed check with abort = true", dur(a.AtMs))
		}
		add("aborted", text)
	}
	return lines
}

// latenessText is the open-model scheduler's lateness; the line after it
// says when the generator lagged (results.GeneratorLag): then part of the
// latency is the tool's own, not the server's.
func latenessText(r *results.Result) string {
	l := r.Lateness
	if l.Count == 0 {
		return ""
	}
	return fmt.Sprintf("p50 %s   p99 %s   max %s", ms(l.P50), ms(l.P99), ms(l.Max))
}

// sparkBlocks draw a sparkline, lowest first.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// maxSpark is the most intervals a sparkline draws; longer series are
// bucketed (each glyph the highest of its bucket, so spikes stay).
const maxSpark = 40

// overTimeText is throughput and p99 over the series' intervals, as
// ranges and sparklines; empty with fewer than 3 records.
func overTimeText(recs []results.Interval) string {
	if len(recs) < 3 {
		return ""
	}
	tp := make([]float64, len(recs))
	p99 := make([]float64, 0, len(recs))
	for i, r := range recs {
		tp[i] = r.Throughput
		if r.Latency.Count > 0 {
			p99 = append(p99, r.Latency.P99)
		}
	}
	lo, hi := minMax(tp)
	text := fmt.Sprintf("throughput %s–%s/s %s", num(lo), num(hi), spark(tp))
	if len(p99) > 0 {
		lo, hi = minMax(p99)
		text += fmt.Sprintf("   p99 %s–%s %s", num(lo), ms(hi), spark(p99))
	}
	return text
}

func minMax(vs []float64) (lo, hi float64) {
	lo, hi = vs[0], vs[0]
	for _, v := range vs {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// spark draws vs as a sparkline scaled from 0 to the highest value.
func spark(vs []float64) string {
	if len(vs) > maxSpark {
		n := (len(vs) + maxSpark - 1) / maxSpark
		var b []float64
		for i := 0; i < len(vs); i += n {
			_, hi := minMax(vs[i:min(i+n, len(vs))])
			b = append(b, hi)
		}
		vs = b
	}
	_, hi := minMax(vs)
	out := make([]rune, len(vs))
	for i, v := range vs {
		k := 0
		if hi > 0 {
			k = int(v / hi * float64(len(sparkBlocks)-1))
		}
		out[i] = sparkBlocks[max(0, min(k, len(sparkBlocks)-1))]
	}
	return string(out)
}

// errorRateText is the error rate of r, with the dropped iterations next
// to it: error_rate is failed ÷ (ok + failed), so iterations an open-model
// load never sent (no worker free) do not raise it, and a reader must see
// them where the rate is.
func errorRateText(r *results.Result) string {
	text := "no data"
	if r.Ops.OK+r.Ops.Failed > 0 {
		text = percent(r.ErrorRate)
	}
	if d := droppedText(r.Ops); d != "" {
		text += " " + d
	}
	return text
}

// droppedText flags dropped iterations beside an error rate: "— 346 of
// 1,200 iterations (28.8 %) dropped: not sent, no worker free"; empty
// without drops.
func droppedText(ops results.Ops) string {
	if ops.Dropped <= 0 {
		return ""
	}
	share := ""
	if ops.Total > 0 {
		share = " (" + percent(float64(ops.Dropped)/float64(ops.Total)) + ")"
	}
	return fmt.Sprintf("— %s of %s %s%s dropped: not sent, no worker free",
		count(ops.Dropped), count(ops.Total), plural(int(ops.Total), "iteration"), share)
}

// percent formats a ratio as a percentage: 0.00 %, 28.8 %, 100 %.
func percent(ratio float64) string { return num(ratio*100) + " %" }

// errorRatePath matches the names of an error rate a check reads, as
// written: error_rate, load.NAME.error_rate, phase["NAME"].error_rate.
var errorRatePath = regexp.MustCompile(`^(?:(load|phase)(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\["([^"\\]*)"\])\.)?error_rate$`)

// errorRatePart returns the part of r whose error rate path names (the
// scenario, a load or a phase), nil when path is not an error rate or the
// part did not run.
func errorRatePart(r *results.Result, path string) *results.Result {
	m := errorRatePath.FindStringSubmatch(path)
	if r == nil || m == nil {
		return nil
	}
	name := m[2] + m[3]
	switch m[1] {
	case "load":
		return r.Loads[name]
	case "phase":
		return r.Phases[name]
	}
	return r
}

// faultsText is the fault timeline in one wrapped line: "+1.00s outage
// start, +2.00s outage end".
func faultsText(events []results.FaultEvent) string {
	parts := make([]string, 0, len(events))
	for _, ev := range events {
		p := "+" + dur(ev.AtMs) + " " + termtext.Line(ev.Kind)
		if ev.What != "" {
			p += " " + termtext.Line(ev.What)
		}
		if ev.Error != "" {
			p += " (failed)"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// lateFaultLines warns of each fault start or end that took effect more
// than the tolerance (Result.Faults.ToleranceMs) after its plan: "fault
// outage started 780 ms late (planned +500ms, actual +1.28s): …".
func lateFaultLines(s *results.ScenarioRun, width int) []string {
	if s.Result == nil {
		return nil
	}
	tol := s.Result.Faults.ToleranceMs
	var lines []string
	for _, ev := range s.Faults {
		if !ev.IsLate(tol) || ev.Error != "" {
			continue
		}
		what := "started"
		switch {
		case strings.HasPrefix(ev.What, "missed"):
			what = "never started"
		case strings.HasPrefix(ev.What, "end"):
			what = "ended"
		}
		kind := termtext.Line(ev.Kind)
		if ev.Phase != "" {
			kind += " (phase " + termtext.Line(ev.Phase) + ")"
		}
		var text string
		if what == "never started" {
			text = fmt.Sprintf("fault %s never started (planned +%s, the phase ended at +%s): the machine is overloaded, so the run did not get the faults it planned",
				kind, dur(*ev.PlannedMs), dur(ev.AtMs))
		} else {
			text = fmt.Sprintf("fault %s %s %s late (planned +%s, actual +%s): the machine is overloaded, so the fault window was not the planned one",
				kind, what, whole(math.Round(*ev.LateMs))+" ms", dur(*ev.PlannedMs), dur(*ev.PlannedMs+*ev.LateMs))
		}
		lines = append(lines, termtext.Wrap("  ", text, width)...)
	}
	return lines
}

// checkLines describes each failed check: name and source, condition, the
// values it read, and its message.
func checkLines(s *results.ScenarioRun, st styles, width int) []string {
	var lines []string
	for _, ch := range s.Checks {
		if ch.Passed {
			continue
		}
		head := fmt.Sprintf("  check %q failed", ch.Name)
		if ch.NoData {
			head = fmt.Sprintf("  check %q has no data", ch.Name)
		}
		lines = append(lines, st.fail.Sprint(head)+"  "+st.faint.Sprint(termtext.Line(ch.Source)))
		lines = append(lines, row("condition", termtext.Block(ch.Condition), width)...)
		for i, v := range ch.Values {
			label := ""
			if i == 0 {
				label = "read"
			}
			value := termtext.Line(v.Text())
			if v.HasNoData() {
				value = st.warn.Sprint(value)
			}
			if part := errorRatePart(s.Result, v.Path); part != nil {
				if d := droppedText(part.Ops); d != "" {
					value += " " + st.warn.Sprint(d)
				}
			}
			lines = append(lines, row(label, termtext.Line(v.Path)+" = "+value, width)...)
		}
		if ch.Message != "" {
			lines = append(lines, row("message", termtext.Block(redact.Text(ch.Message)), width)...)
		}
	}
	return lines
}

// errorLines lists the scenario's own errors and leaked connections.
func errorLines(s *results.ScenarioRun, width int) []string {
	var lines []string
	for _, e := range s.Errors {
		lines = append(lines, row("error", termtext.Block(redact.Text(e)), width)...)
	}
	if s.LeakedConns > 0 {
		lines = append(lines, row("leaked", fmt.Sprintf("%d %s still open after the pool closed",
			s.LeakedConns, plural(s.LeakedConns, "connection")), width)...)
	}
	return lines
}

// errorCountLines is the errors line (failures by kind) and, under it,
// the first message of each kind; none without failures.
func errorCountLines(r *results.Result, width int) []string {
	var errs []string
	for _, k := range results.ErrorKinds {
		if n := r.Errors[k]; n != 0 {
			errs = append(errs, fmt.Sprintf("%s %s", k, count(n)))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return append(row("errors", strings.Join(errs, ", "), width), exampleLines(r, width)...)
}

// exampleLines shows, under the errors line, the first message of each
// error kind that occurred (results.Result.ErrorExamples), in the order of
// the kinds, so that a count such as "query 44" always comes with the
// error behind it.
func exampleLines(r *results.Result, width int) []string {
	var lines []string
	for _, k := range results.ErrorKinds {
		if ex, ok := r.ErrorExamples[k]; ok {
			lines = append(lines, row("", "first "+k+" error: "+termtext.Line(redact.Text(ex.Message)), width)...)
		}
		if h := ErrorHints[k]; h != "" && r.Errors[k] != 0 {
			lines = append(lines, row("", "hint: "+h, width)...)
		}
	}
	return lines
}

// ErrorHints are what the console says under the errors line about an
// error kind that occurred: how to fix it.
var ErrorHints = map[string]string{
	"prepared_statement": `a prepared statement was missing or already there on the server connection: through PgBouncer in transaction or statement mode use query_exec_mode = "exec" (or "cache_describe", "simple_protocol") in the pool block, or PgBouncer >= 1.21 with max_prepared_statements > 0`,
}

// bouncerStats is the console's line on a bouncer's SHOW STATS: how many
// transactions and queries it pooled for the database, how long a
// transaction waited for a server connection on average (clients queue
// at the bouncer) and how long a query took on one (the server is slow);
// "" without the stats.
func bouncerStats(b results.Bouncer) string {
	if b.Xacts == nil || b.Queries == nil {
		return ""
	}
	avg := func(v *float64) string {
		if v == nil {
			return "no data"
		}
		if *v < 1000 {
			return num(*v) + "ms"
		}
		return dur(*v)
	}
	return fmt.Sprintf("stats %s xacts, %s queries   avg wait %s per xact   avg query %s",
		count(*b.Xacts), count(*b.Queries), avg(b.AvgWaitMs), avg(b.AvgQueryMs))
}

// deref is *p, 0 for nil (no data).
func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
