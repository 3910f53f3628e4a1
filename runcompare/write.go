package runcompare

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report for a terminal: one table per part, then
// the parts present in one run only and a summary line.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "baseline: %s\nnew:      %s\n", describe(r.Baseline), describe(r.New))
	for _, p := range r.Parts {
		fmt.Fprintf(&b, "\n%s%s\n", p.Name(), statusNote(p))
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  METRIC\tBASELINE\tNEW\tCHANGE\t\tP\tVERDICT")
		for _, c := range p.Metrics {
			verdict := c.Verdict
			if c.Reason != "" && c.Verdict != Regressed && c.Verdict != Improved {
				verdict += " (" + c.Reason + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Metric, value(c.Unit, c.Baseline), value(c.Unit, c.New),
				signed(c.Unit, c.Absolute), relative(c.Relative, c.Absolute), pvalue(c.P), verdict)
		}
		tw.Flush()
	}
	only(&b, "only in the baseline", r.OnlyInBaseline)
	only(&b, "only in the new run", r.OnlyInNew)
	fmt.Fprintf(&b, "\n%s\n", summaryLine(r))
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the report as a Markdown table (a PR comment or a
// job summary): a row per metric, the parts present in one run only as
// lists.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("### stressql compare\n\n")
	fmt.Fprintf(&b, "%s\n\nBaseline: %s  \nNew: %s\n\n", summaryLine(r), mdEscape(describe(r.Baseline)), mdEscape(describe(r.New)))
	if len(r.Parts) > 0 {
		b.WriteString("| part | metric | baseline | new | change | p | verdict |\n")
		b.WriteString("|---|---|---:|---:|---:|---:|---|\n")
		for _, p := range r.Parts {
			for _, c := range p.Metrics {
				verdict := c.Verdict
				switch c.Verdict {
				case Regressed:
					verdict = "**regressed**"
				case Improved:
					verdict = "improved"
				}
				if c.Reason != "" && c.Verdict != Regressed && c.Verdict != Improved {
					verdict += " (" + c.Reason + ")"
				}
				change := signed(c.Unit, c.Absolute)
				if rel := relative(c.Relative, c.Absolute); rel != "" {
					change += " " + rel
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(p.Name()+statusNote(p)), c.Metric,
					value(c.Unit, c.Baseline), value(c.Unit, c.New), change, pvalue(c.P), mdEscape(verdict))
			}
		}
	}
	for _, o := range []struct {
		title string
		names []string
	}{{"Only in the baseline", r.OnlyInBaseline}, {"Only in the new run", r.OnlyInNew}} {
		if len(o.names) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", o.title)
		for _, n := range o.names {
			fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(n, "`", "'"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func describe(s Source) string {
	out := s.File
	if s.RunID != "" {
		out += " (run " + s.RunID
		if s.StartedAt != "" {
			out += ", " + s.StartedAt
		}
		out += ")"
	}
	return out
}

// statusNote names the scenario statuses when a run did not pass.
func statusNote(p *Part) string {
	if p.BaselineStatus == "pass" && p.NewStatus == "pass" {
		return ""
	}
	return fmt.Sprintf(" [baseline %s, new %s]", p.BaselineStatus, p.NewStatus)
}

func only(b *strings.Builder, title string, names []string) {
	if len(names) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s:\n", title)
	for _, n := range names {
		fmt.Fprintf(b, "  %s\n", n)
	}
}

func summaryLine(r *Report) string {
	s := r.Summary
	line := fmt.Sprintf("%d regressed, %d improved, %d no significant change, %d not enough data", s.Regressed, s.Improved, s.NoChange, s.NotEnoughData)
	if n := len(r.OnlyInBaseline) + len(r.OnlyInNew); n > 0 {
		line += fmt.Sprintf("; %d only in one run", n)
	}
	return line
}

func value(unit string, v *float64) string {
	if v == nil {
		return "-"
	}
	return formatValue(unit, *v)
}

// formatValue prints v in its unit: ms and /s with 3 significant
// figures, shares as percentages.
func formatValue(unit string, v float64) string {
	switch unit {
	case "share":
		return trim(fmt.Sprintf("%.2f", v*100)) + "%"
	case "/s":
		return sig(v) + "/s"
	}
	return sig(v) + " ms"
}

func signed(unit string, v *float64) string {
	if v == nil {
		return "-"
	}
	return signedValue(unit, *v)
}

func signedValue(unit string, v float64) string {
	s := formatValue(unit, v)
	if v > 0 {
		s = "+" + s
	}
	if unit == "share" {
		s = strings.TrimSuffix(s, "%") + " pp"
	}
	return s
}

func relative(rel, abs *float64) string {
	switch {
	case rel != nil:
		s := trim(fmt.Sprintf("%.1f", *rel*100)) + "%"
		if *rel > 0 {
			s = "+" + s
		}
		return "(" + s + ")"
	case abs != nil && *abs != 0:
		return "(from 0)"
	}
	return ""
}

func formatPercent(f float64) string { return trim(fmt.Sprintf("%.2f", f*100)) + "%" }

func pvalue(p *float64) string {
	if p == nil {
		return "-"
	}
	if *p < 0.001 {
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", *p)
}

// sig prints v with 3 significant figures (at least the units).
func sig(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0"
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return trim(fmt.Sprintf("%.1f", v))
	case a >= 1:
		return trim(fmt.Sprintf("%.2f", v))
	}
	return trim(fmt.Sprintf("%.3f", v))
}

// trim removes trailing zeros of a decimal.
func trim(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// mdEscape keeps a cell inside its table.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
