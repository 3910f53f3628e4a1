package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	wordwrap "github.com/mitchellh/go-wordwrap"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/internal/termtext"
)

// Bounds of text diagnostics, so that a hostile file never prints more
// than a few kilobytes (docs/dsl.md, "Diagnostics"). None is reached by an
// ordinary diagnostic, which prints exactly as HCL's own text writer
// (hcl.NewDiagnosticTextWriter) prints it, but for the location, given
// as file:line:column.
const (
	// maxShownErrors is how many errors (and, apart, warnings) are
	// printed; the rest are counted.
	maxShownErrors = 20
	// maxSnippetColumns is how much of a source line a snippet shows.
	maxSnippetColumns = 160
	// maxSnippetBytes is how much source a snippet shows in full; a
	// longer one shows only the lines of the subject and the block's
	// header, at most maxSnippetLines of them.
	maxSnippetBytes = 4000
	// maxSnippetLines is how many source lines a long snippet shows, and
	// how many values ("with local.a as ...") follow a snippet.
	maxSnippetLines = 8
	// maxDetailBytes is how much of a summary or detail text is shown.
	maxDetailBytes = 600
)

// writeTextDiagnostics writes diags the way HCL's text writer does
// (severity, summary, the location and the enclosing block, the source
// lines with the subject highlighted, the values of the variables the
// expression read, the detail wrapped to width), rendered from each
// diagnostic's Subject and Context ranges and files, and bounded: control
// characters and invalid UTF-8 escaped, texts cut to maxDetailBytes,
// source lines cut to maxSnippetColumns around the subject with … marks,
// at most maxSnippetLines lines. At most maxShownErrors errors and as
// many warnings are written; a last line counts the rest.
func writeTextDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width int, color bool) error {
	r := textRenderer{files: files, width: max(width, 0), color: color}
	var buf bytes.Buffer
	var shownErrs, shownWarnings, hiddenErrs, hiddenWarnings int
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning {
			if shownWarnings >= maxShownErrors {
				hiddenWarnings++
				continue
			}
			shownWarnings++
		} else {
			if shownErrs >= maxShownErrors {
				hiddenErrs++
				continue
			}
			shownErrs++
		}
		buf.Reset()
		r.diagnostic(&buf, d)
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	if hiddenErrs+hiddenWarnings > 0 {
		var parts []string
		if hiddenErrs > 0 {
			parts = append(parts, plural(hiddenErrs, "more error"))
		}
		if hiddenWarnings > 0 {
			parts = append(parts, plural(hiddenWarnings, "more warning"))
		}
		if _, err := fmt.Fprintf(w, "... and %s not shown; fix these first (validate -json lists all).\n\n", strings.Join(parts, " and ")); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	return nil
}

// textRenderer renders one diagnostic at a time.
type textRenderer struct {
	files map[string]*hcl.File
	width int
	color bool
}

// Terminal codes of colored output: HCL's.
const (
	codeError     = "\x1b[31m"
	codeWarning   = "\x1b[33m"
	codeHighlight = "\x1b[1;4m"
	codeReset     = "\x1b[0m"
)

// diagnostic renders d into b.
func (r *textRenderer) diagnostic(b *bytes.Buffer, d *hcl.Diagnostic) {
	var sevCode, hiCode, reset string
	if r.color {
		switch d.Severity {
		case hcl.DiagError:
			sevCode = codeError
		case hcl.DiagWarning:
			sevCode = codeWarning
		}
		hiCode, reset = codeHighlight, codeReset
	}
	sev := "???????"
	switch d.Severity {
	case hcl.DiagError:
		sev = "Error"
	case hcl.DiagWarning:
		sev = "Warning"
	}
	fmt.Fprintf(b, "%s%s%s: %s\n\n", sevCode, sev, reset, boundText(d.Summary, false))
	if s := d.Subject; s != nil {
		name := boundText(s.Filename, false)
		f := r.files[s.Filename]
		if f == nil || f.Bytes == nil {
			fmt.Fprintf(b, "  on %s:%d:%d:\n  (source code not available)\n\n", name, s.Start.Line, s.Start.Column)
		} else {
			in := ""
			if c := navContext(f, s.Start.Byte); c != "" {
				in = ", in " + boundText(c, false)
			}
			fmt.Fprintf(b, "  on %s:%d:%d%s:\n", name, s.Start.Line, s.Start.Column, in)
			writeSnippet(b, f.Bytes, *s, d.Context, hiCode, reset)
			b.WriteByte('\n')
		}
		if d.Expression != nil && d.EvalContext != nil {
			writeValues(b, d.Expression, d.EvalContext)
		}
	}
	if d.Detail != "" {
		detail := boundText(d.Detail, true)
		if r.width > 0 {
			detail = wordwrap.WrapString(detail, uint(r.width))
		}
		fmt.Fprintf(b, "%s\n\n", detail)
	}
}

// boundText is s cut to maxDetailBytes and escaped for a terminal: as one
// line (termtext.Line), or keeping newlines and tabs (termtext.Block).
func boundText(s string, block bool) string {
	if block {
		return termtext.Block(cutText(s, maxDetailBytes))
	}
	return termtext.Line(cutText(s, maxDetailBytes))
}

// writeSnippet writes the source lines that the subject and the context
// cover, as "%4d: text", the subject highlighted between hiCode and
// reset. Lines are picked as HCL picks them (those overlapping both
// ranges; empty lines never do). When they would take more than
// maxSnippetBytes, only the context's first line (the block's header)
// and the subject's lines are shown, each skip marked "…", and at most
// maxSnippetLines of them.
func writeSnippet(b *bytes.Buffer, src []byte, subject hcl.Range, context *hcl.Range, hiCode, reset string) {
	snip, hl := subject, subject
	if context != nil {
		// The ranges overlap in every reasonable case: show both.
		snip = hcl.RangeOver(snip, *context)
	}
	// An empty range selects nothing: widen it to one character (which
	// may point past the line's end; good enough for the checks below).
	for _, r := range []*hcl.Range{&snip, &hl} {
		if r.Empty() {
			r.End.Byte++
			r.End.Column++
		}
	}
	lines := func(visit func(sc *hcl.RangeScanner) bool) {
		sc := hcl.NewRangeScanner(src, subject.Filename, bufio.ScanLines)
		for sc.Scan() {
			r := sc.Range()
			if r.Start.Byte > snip.End.Byte {
				return // no later line overlaps
			}
			if r.Overlaps(snip) && !visit(sc) {
				return
			}
		}
	}
	size := 0
	lines(func(sc *hcl.RangeScanner) bool {
		size += len("NNNN: \n") + len(sc.Bytes())
		return size <= maxSnippetBytes
	})
	bounded := size > maxSnippetBytes
	wanted := func(line int) bool {
		if !bounded || (line >= subject.Start.Line && line <= subject.End.Line) {
			return true
		}
		return context != nil && line == context.Start.Line
	}
	i, last, shown := 0, -1, 0
	lines(func(sc *hcl.RangeScanner) bool {
		i++
		r := sc.Range()
		if !wanted(r.Start.Line) {
			return true
		}
		if bounded && shown == maxSnippetLines {
			b.WriteString("      …\n")
			return false
		}
		if last >= 0 && i != last+1 {
			b.WriteString("      …\n")
		}
		last = i
		shown++
		writeLine(b, r, sc.Bytes(), hl, hiCode, reset)
		return true
	})
}

// writeLine writes one source line (text, at r) of a snippet, the part
// of it that hl covers highlighted; a line longer than maxSnippetColumns
// is cut to a window of that many runes around the highlight, … marking
// each cut.
func writeLine(b *bytes.Buffer, r hcl.Range, text []byte, hl hcl.Range, hiCode, reset string) {
	_, high, _ := r.PartitionAround(hl)
	clamp := func(n int) int { return min(max(n, 0), len(text)) }
	hs, he := -1, -1
	if !high.Empty() {
		hs, he = clamp(high.Start.Byte-r.Start.Byte), clamp(high.End.Byte-r.Start.Byte)
	}
	focus := hs
	if at := hl.Start.Byte - r.Start.Byte; at >= 0 && at <= len(text) {
		focus = at // the subject starts here, maybe at the line's end
	}
	ws, we := lineWindow(text, focus)
	pre, post := "", ""
	if ws > 0 {
		pre = "…"
	}
	if we < len(text) {
		post = "…"
	}
	if hs < 0 {
		fmt.Fprintf(b, "%4d: %s%s%s\n", r.Start.Line, pre, termtext.Block(string(text[ws:we])), post)
		return
	}
	hs, he = min(max(hs, ws), we), min(max(he, ws), we)
	fmt.Fprintf(b, "%4d: %s%s%s%s%s%s%s\n", r.Start.Line,
		pre, termtext.Block(string(text[ws:hs])),
		hiCode, termtext.Block(string(text[hs:he])), reset,
		termtext.Block(string(text[he:we])), post)
}

// lineWindow is the part of text a snippet shows, as byte offsets: all
// of it when it has at most maxSnippetColumns runes, else that many runes
// from a quarter of them before focus (where the subject starts, -1 for
// nowhere: from the line's start), or the line's last ones.
func lineWindow(text []byte, focus int) (ws, we int) {
	if utf8.RuneCount(text) <= maxSnippetColumns {
		return 0, len(text)
	}
	// back moves n runes back from offset i.
	back := func(i, n int) int {
		for ; n > 0 && i > 0; n-- {
			_, size := utf8.DecodeLastRune(text[:i])
			i -= size
		}
		return i
	}
	switch {
	case focus <= 0:
	case utf8.RuneCount(text[focus:]) < maxSnippetColumns*3/4:
		// Near the end: the line's last runes.
		return back(len(text), maxSnippetColumns), len(text)
	default:
		ws = back(focus, maxSnippetColumns/4)
	}
	we = ws
	for n := 0; n < maxSnippetColumns && we < len(text); n++ {
		_, size := utf8.DecodeRune(text[we:])
		we += size
	}
	return ws, we
}

// writeValues writes what HCL's text writer writes after the snippet of a
// diagnostic raised while evaluating expr in ctx: the value of each
// variable expr reads ("with local.a as 5,"), sorted, at most
// maxSnippetLines of them.
func writeValues(b *bytes.Buffer, expr hcl.Expression, ctx *hcl.EvalContext) {
	vars := expr.Variables()
	stmts := make([]string, 0, len(vars))
	seen := make(map[string]struct{}, len(vars))
	for _, traversal := range vars {
		val, diags := traversal.TraverseAbs(ctx)
		if diags.HasErrors() {
			// Most likely the same error is among the diagnostics.
			continue
		}
		name := traversalString(traversal)
		if _, ok := seen[name]; ok {
			continue
		}
		switch {
		case !val.IsKnown(), val.IsMarked():
			continue
		case val.IsNull():
			stmts = append(stmts, name+" set to null")
		default:
			stmts = append(stmts, name+" as "+valueString(val))
		}
		seen[name] = struct{}{}
	}
	sort.Strings(stmts)
	if len(stmts) > maxSnippetLines {
		stmts = append(stmts[:maxSnippetLines], plural(len(stmts)-maxSnippetLines, "more value"))
	}
	for i, stmt := range stmts {
		if i == 0 {
			b.WriteString("with ")
		} else {
			b.WriteString("     ")
		}
		b.WriteString(boundText(stmt, false))
		if i == len(stmts)-1 {
			b.WriteString(".\n\n")
		} else {
			b.WriteString(",\n")
		}
	}
}

// traversalString renders a variable the way HCL's text writer does:
// local.a, var.list[0], a placeholder for a key that is not a primitive.
func traversalString(traversal hcl.Traversal) string {
	var b strings.Builder
	for _, step := range traversal {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteByte('.')
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			b.WriteByte('[')
			if s.Key.Type().IsPrimitiveType() {
				b.WriteString(valueString(s.Key))
			} else {
				b.WriteString("...")
			}
			b.WriteByte(']')
		}
	}
	return b.String()
}

// valueString describes a value briefly, the way HCL's text writer does:
// numbers, booleans and strings as they are, collections by their length.
func valueString(val cty.Value) string {
	ty := val.Type()
	switch {
	case val.IsNull():
		return "null"
	case !val.IsKnown():
		return "(not yet known)"
	case ty == cty.Bool:
		if val.True() {
			return "true"
		}
		return "false"
	case ty == cty.Number:
		return val.AsBigFloat().Text('g', 10)
	case ty == cty.String:
		return fmt.Sprintf("%q", val.AsString())
	case ty.IsCollectionType() || ty.IsTupleType():
		switch l := val.LengthInt(); l {
		case 0:
			return "empty " + ty.FriendlyName()
		case 1:
			return ty.FriendlyName() + " with 1 element"
		default:
			return fmt.Sprintf("%s with %d elements", ty.FriendlyName(), l)
		}
	case ty.IsObjectType():
		atys := ty.AttributeTypes()
		switch len(atys) {
		case 0:
			return "object with no attributes"
		case 1:
			for k := range atys {
				return fmt.Sprintf("object with 1 attribute %q", k)
			}
		}
		return fmt.Sprintf("object with %d attributes", len(atys))
	default:
		return ty.FriendlyName()
	}
}

// cutText shortens s to about n bytes, on a rune boundary, saying so.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}

// countDiagnostics returns the numbers of errors and warnings.
func countDiagnostics(diags hcl.Diagnostics) (errs, warnings int) {
	for _, d := range diags {
		switch d.Severity {
		case hcl.DiagError:
			errs++
		case hcl.DiagWarning:
			warnings++
		}
	}
	return errs, warnings
}

// plural renders "1 error", "2 errors".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// navContext is what HCL writes after "in": the file's own description of
// where offset is, like scenario "fast".
func navContext(f *hcl.File, offset int) string {
	if c, ok := f.Nav.(interface{ ContextString(int) string }); ok {
		return c.ContextString(offset)
	}
	return ""
}
