package plandiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/planfmt"
)

func durationText(d time.Duration) string { return planfmt.Duration(d) }

// Terminal codes of colored text.
const (
	codeRed    = "\x1b[31m"
	codeGreen  = "\x1b[32m"
	codeYellow = "\x1b[33m"
	codeBold   = "\x1b[1m"
	codeReset  = "\x1b[0m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + codeReset
}

// classCode colours a check's class: loosened red, tightened green.
func classCode(c Class) string {
	switch c {
	case Loosened:
		return codeRed
	case Tightened:
		return codeGreen
	}
	return codeYellow
}

// Text writes r for people, colored when color is set: nothing at all
// when the plans are identical; else each scenario that differs with its
// changes old → new, then a summary line.
func Text(w io.Writer, r *Result, color bool) error {
	if r.Identical() {
		return nil
	}
	p := painter(color)
	var b strings.Builder
	for _, s := range r.Scenarios {
		writeScenarioText(&b, s, p)
		b.WriteByte('\n')
	}
	b.WriteString(Summary(r) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeScenarioText(b *strings.Builder, s *Scenario, p painter) {
	name := termtext.Line(fmt.Sprintf("%q", s.Name))
	switch s.Status {
	case Added:
		fmt.Fprintf(b, "%s scenario %s added (%s)\n", p.paint(codeGreen, "+"), p.paint(codeBold, name), termtext.Line(s.Source.String()))
		fmt.Fprintf(b, "    expected duration  %s\n", durationText(s.NewExpectedDuration))
	case Removed:
		fmt.Fprintf(b, "%s scenario %s removed\n", p.paint(codeRed, "-"), p.paint(codeBold, name))
		fmt.Fprintf(b, "    expected duration  %s\n", durationText(s.OldExpectedDuration))
	case Renamed:
		fmt.Fprintf(b, "%s scenario %s renamed to %s (%s), its plan unchanged\n", p.paint(codeYellow, "~"),
			p.paint(codeBold, termtext.Line(fmt.Sprintf("%q", s.OldName))), p.paint(codeBold, name), termtext.Line(s.Source.String()))
		return
	default:
		fmt.Fprintf(b, "%s scenario %s (%s)\n", p.paint(codeYellow, "~"), p.paint(codeBold, name), termtext.Line(s.Source.String()))
		dur := durationText(s.OldExpectedDuration) + " → " + durationText(s.NewExpectedDuration)
		if s.OldExpectedDuration == s.NewExpectedDuration {
			dur = durationText(s.NewExpectedDuration) + " (unchanged)"
		}
		fmt.Fprintf(b, "    expected duration  %s\n", dur)
	}
	type line struct{ key, val, code string }
	var lines []line
	for _, c := range s.Changes {
		lines = append(lines, line{key: c.Path, val: changeText(c)})
	}
	for _, c := range s.Checks {
		lines = append(lines, line{key: fmt.Sprintf("check %q %s", c.Name, c.Class), val: checkText(c), code: classCode(c.Class)})
	}
	w := 0
	for _, l := range lines {
		w = max(w, utf8.RuneCountInString(termtext.Line(l.key)))
	}
	cont := "\n      " + strings.Repeat(" ", w+2)
	for _, l := range lines {
		key := termtext.Line(l.key)
		pad := strings.Repeat(" ", w-utf8.RuneCountInString(key))
		if l.code != "" {
			key = p.paint(l.code, key)
		}
		val := strings.ReplaceAll(termtext.Block(l.val), "\n", cont)
		fmt.Fprintf(b, "    %s%s  %s\n", key, pad, val)
	}
}

// changeText is "old → new", or "added", "removed", "unset → new".
func changeText(c *Change) string {
	switch {
	case c.Old == "" && c.New == "added":
		return "added"
	case c.New == "removed":
		return "removed"
	}
	return orUnset(c.Old) + " → " + orUnset(c.New)
}

func orUnset(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

// checkText is the conditions old → new, then what they changed through.
func checkText(c *Check) string {
	var s string
	switch {
	case c.Old == "":
		s = "added: " + c.New
	case c.New == "":
		s = "removed: " + c.Old
	case c.Old == c.New:
		s = c.New
	default:
		s = c.Old + " → " + c.New
	}
	if c.Window != "" {
		s += "\n" + c.Window
	}
	if len(c.Through) > 0 {
		s += "\nthrough " + strings.Join(c.Through, ", ")
	}
	return s
}

// Summary is the closing line: how many scenarios changed how, and the
// checks by class.
func Summary(r *Result) string {
	if r.Identical() {
		return "No changes: the plans are identical."
	}
	count := map[Status]int{}
	classes := map[Class]int{}
	for _, s := range r.Scenarios {
		count[s.Status]++
		for _, c := range s.Checks {
			classes[c.Class]++
		}
	}
	var parts []string
	for _, st := range []Status{Modified, Added, Removed, Renamed} {
		if count[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[st], st))
		}
	}
	verb := " differ ("
	if len(r.Scenarios) == 1 {
		verb = " differs ("
	}
	out := "Diff: " + plural(len(r.Scenarios), "scenario") + verb + strings.Join(parts, ", ") + ")"
	var cs []string
	for _, c := range []Class{Loosened, Tightened, Changed} {
		if classes[c] > 0 {
			cs = append(cs, fmt.Sprintf("%d %s", classes[c], c))
		}
	}
	if len(cs) > 0 {
		out += "; checks: " + strings.Join(cs, ", ")
	}
	return out + "."
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// JSON writes r as indented JSON, durations as strings ("1.5s").
func JSON(w io.Writer, r *Result) error {
	type scenarioJSON struct {
		*Scenario
		OldExpectedDuration string `json:"old_expected_duration"`
		NewExpectedDuration string `json:"new_expected_duration"`
	}
	doc := struct {
		Identical bool           `json:"identical"`
		Loosened  bool           `json:"loosened"`
		Scenarios []scenarioJSON `json:"scenarios"`
	}{Identical: r.Identical(), Loosened: r.Loosened(), Scenarios: []scenarioJSON{}}
	for _, s := range r.Scenarios {
		doc.Scenarios = append(doc.Scenarios, scenarioJSON{s, durationText(s.OldExpectedDuration), durationText(s.NewExpectedDuration)})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Markdown writes r as a pull-request comment: a heading with the
// summary, then a table per scenario that differs.
func Markdown(w io.Writer, r *Result) error {
	var b strings.Builder
	b.WriteString("### stressql diff\n\n")
	if r.Identical() {
		b.WriteString("No changes: the plans are identical.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString(Summary(r) + "\n")
	for _, s := range r.Scenarios {
		b.WriteString("\n")
		switch s.Status {
		case Renamed:
			fmt.Fprintf(&b, "#### %s → %s (renamed)\n\nThe plan is unchanged.\n", mdCode(s.OldName), mdCode(s.Name))
			continue
		default:
			fmt.Fprintf(&b, "#### %s (%s)\n\n", mdCode(s.Name), s.Status)
		}
		b.WriteString("| | Setting | Old | New |\n|---|---|---|---|\n")
		fmt.Fprintf(&b, "| | expected duration | %s | %s |\n", mdDuration(s.OldExpectedDuration, s.Status == Added), mdDuration(s.NewExpectedDuration, s.Status == Removed))
		for _, c := range s.Changes {
			fmt.Fprintf(&b, "| | %s | %s | %s |\n", mdCode(c.Path), mdValue(c.Old), mdValue(c.New))
		}
		for _, c := range s.Checks {
			mark := map[Class]string{Loosened: "⚠️ loosened", Tightened: "tightened", Changed: "changed"}[c.Class]
			newCell := mdValue(c.New)
			var notes []string
			if c.Window != "" {
				notes = append(notes, mdEscape(c.Window))
			}
			if len(c.Through) > 0 {
				notes = append(notes, "through "+mdEscape(strings.Join(c.Through, ", ")))
			}
			if len(notes) > 0 {
				newCell += "<br>" + strings.Join(notes, "<br>")
			}
			fmt.Fprintf(&b, "| %s | check %s | %s | %s |\n", mark, mdCode(c.Name), mdValue(c.Old), newCell)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdDuration(d time.Duration, missing bool) string {
	if missing {
		return ""
	}
	return durationText(d)
}

func mdValue(s string) string {
	switch s {
	case "", "added", "removed", "present":
		return s
	}
	return mdCode(s)
}

// mdCode is s as inline code in a table cell.
func mdCode(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`")
	return r.Replace(s)
}

// GitHub writes r as GitHub Actions workflow commands: a warning on the
// new side's line of each changed setting and check, and on the scenario
// for what is gone from it (a removed setting or check); a removed
// scenario, which has no line on the new side, gets a warning without a
// place.
func GitHub(w io.Writer, r *Result) error {
	var b strings.Builder
	for _, s := range r.Scenarios {
		title := "stressql diff: scenario " + s.Name
		switch s.Status {
		case Added:
			annotate(&b, s.Source, title, "Scenario added, expected to take "+durationText(s.NewExpectedDuration)+".")
			continue
		case Removed:
			msg := "Scenario " + s.Name + " removed"
			if n := len(s.Checks); n > 0 {
				msg += ", and its " + plural(n, "check") + " with it (loosened)"
			}
			annotate(&b, plan.Source{}, title, msg+".")
			continue
		case Renamed:
			annotate(&b, s.Source, title, "Scenario renamed from "+s.OldName+"; its plan is unchanged.")
			continue
		}
		if s.OldExpectedDuration != s.NewExpectedDuration {
			annotate(&b, s.Source, title, "expected duration: "+durationText(s.OldExpectedDuration)+" → "+durationText(s.NewExpectedDuration))
		}
		for _, c := range s.Changes {
			src := c.Source
			if c.New == "" || c.New == "removed" {
				src = s.Source
			}
			annotate(&b, src, title, c.Path+": "+changeText(c))
		}
		for _, c := range s.Checks {
			src := c.Source
			if c.New == "" {
				src = s.Source
			}
			annotate(&b, src, title, fmt.Sprintf("check %q %s: %s", c.Name, c.Class, checkText(c)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func annotate(b *strings.Builder, src plan.Source, title, msg string) {
	b.WriteString("::warning ")
	if src.Filename != "" {
		fmt.Fprintf(b, "file=%s,line=%d,col=%d,", escapeProperty(src.Filename), src.Line, src.Column)
	}
	fmt.Fprintf(b, "title=%s::%s\n", escapeProperty(title), escapeData(msg))
}

// escapeData and escapeProperty escape a workflow command's message and
// its properties (as @actions/core does).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
