package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// Row statuses.
const (
	StatusPass  = "PASS"
	StatusMiss  = "MISS"
	StatusInfo  = "INFO"  // measured, no target
	StatusError = "ERROR" // could not be measured
)

// Row is one line of the comparison: stressql's value, the baseline it is
// compared with (a bare client loop, the target rate, a shorter run...)
// and the C tool's, the ratios, and the verdict against Target.
type Row struct {
	Group string `json:"group"`
	Name  string `json:"name"`
	Unit  string `json:"unit"`
	// Stressql is the measured value; nil when it could not be measured.
	Stressql *float64 `json:"stressql"`
	// Baseline is what Stressql is compared with; BaselineName says what
	// it is ("go-redis loop", "target rate", "10 s run").
	Baseline     *float64 `json:"baseline,omitempty"`
	BaselineName string   `json:"baseline_name,omitempty"`
	Tool         *float64 `json:"tool,omitempty"`
	ToolName     string   `json:"tool_name,omitempty"`
	// VsBaseline = Stressql ÷ Baseline, VsTool = Stressql ÷ Tool.
	VsBaseline *float64 `json:"vs_baseline,omitempty"`
	VsTool     *float64 `json:"vs_tool,omitempty"`
	Target     *Target  `json:"target,omitempty"`
	Status     string   `json:"status"`
	// Notes carries raw numbers that do not fit the columns (latency
	// percentiles, CPU per op, errors) and why a row is INFO or ERROR.
	Notes []string `json:"notes,omitempty"`
}

// Target is a row's goal: Of (the value or the ratio to the baseline)
// compared with Bound by Op: ">=", "<=", "<", or "±" (within Bound of 1).
// OfScaled compares the value with Bound × the baseline instead of the
// ratio with Bound: the same verdict where the baseline is positive, and
// one where it is 0 (0 dropped against 0 dropped meets "<= 1 × baseline",
// where a ratio would be undefined).
type Target struct {
	Of    string  `json:"of"` // "value" | "vs_baseline" | "times_baseline"
	Op    string  `json:"op"`
	Bound float64 `json:"bound"`
}

// Target subjects.
const (
	OfValue    = "value"
	OfBaseline = "vs_baseline"
	OfScaled   = "times_baseline"
)

func (t Target) String() string {
	subject := "value"
	if t.Of == OfBaseline {
		subject = "ratio"
	}
	if t.Of == OfScaled {
		return fmt.Sprintf("value %s %s × baseline", t.Op, trimFloat(t.Bound))
	}
	if t.Op == "±" {
		return fmt.Sprintf("%s within %s%% of 1", subject, trimFloat(t.Bound*100))
	}
	return fmt.Sprintf("%s %s %s", subject, t.Op, trimFloat(t.Bound))
}

// met reports whether x meets the target.
func (t Target) met(x float64) bool {
	switch t.Op {
	case ">=":
		return x >= t.Bound
	case "<=":
		return x <= t.Bound
	case "<":
		return x < t.Bound
	case "±":
		return math.Abs(x-1) <= t.Bound
	}
	panic("compare: unknown target op " + t.Op)
}

// finish computes the ratios and the status. A row with an error note and
// no value is ERROR; a row without target is INFO.
func (r *Row) finish() {
	r.VsBaseline = ratio(r.Stressql, r.Baseline)
	r.VsTool = ratio(r.Stressql, r.Tool)
	if r.Status == StatusError {
		return
	}
	switch {
	case r.Stressql == nil:
		r.Status = StatusError
	case r.Target == nil:
		r.Status = StatusInfo
	default:
		x, t := r.Stressql, *r.Target
		switch t.Of {
		case OfBaseline:
			x = r.VsBaseline
		case OfScaled:
			if r.Baseline == nil {
				x = nil
			} else {
				t.Bound *= *r.Baseline
			}
		}
		switch {
		case x == nil:
			r.Status = StatusError
			r.note("no baseline to compare with")
		case t.met(*x):
			r.Status = StatusPass
		default:
			r.Status = StatusMiss
		}
	}
}

func (r *Row) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// fail marks the row as not measured, with why.
func (r *Row) fail(err error) {
	r.Status = StatusError
	r.note("error: %v", err)
}

func ratio(a, b *float64) *float64 {
	if a == nil || b == nil || *b == 0 {
		return nil
	}
	return ptr(*a / *b)
}

func ptr(f float64) *float64 { return &f }

// printTable writes rows as one aligned table, then the notes of each
// row under its number.
func printTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tmeasurement\tstressql\tbaseline\tC tool\t÷ baseline\t÷ C tool\ttarget\tstatus")
	group := ""
	for i, r := range rows {
		if r.Group != group {
			group = r.Group
			fmt.Fprintf(tw, "\t[%s]\t\t\t\t\t\t\t\n", group)
		}
		target := ""
		if r.Target != nil {
			target = r.Target.String()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, r.Name,
			value(r.Stressql, r.Unit), named(r.Baseline, r.Unit, r.BaselineName),
			named(r.Tool, r.Unit, r.ToolName), ratioText(r.VsBaseline), ratioText(r.VsTool),
			target, r.Status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nnotes:")
	for i, r := range rows {
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %d. %s\n", i+1, oneLine(n))
		}
	}
	return nil
}

// oneLine joins the lines of a (compiler's, tool's) message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
}

func value(x *float64, unit string) string {
	if x == nil {
		return "-"
	}
	return strings.TrimSpace(human(*x) + " " + unit)
}

func named(x *float64, unit, name string) string {
	if x == nil {
		return "-"
	}
	return fmt.Sprintf("%s (%s)", value(x, unit), name)
}

func ratioText(x *float64) string {
	if x == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *x)
}

// human prints a number with about four significant digits.
func human(x float64) string {
	switch a := math.Abs(x); {
	case x == 0:
		return "0"
	case a >= 1000:
		return fmt.Sprintf("%.0f", x)
	case a >= 100:
		return fmt.Sprintf("%.1f", x)
	case a >= 1:
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.3f", x)
}

func trimFloat(x float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", x), "0"), ".")
}
