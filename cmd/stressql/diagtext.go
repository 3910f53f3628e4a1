package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// Bounds of text diagnostics, so that a hostile file never prints more
// than a few kilobytes (docs/dsl.md, "Limits").
const (
	// maxShownErrors is how many errors (and, apart, warnings) are
	// printed; the rest are counted.
	maxShownErrors = 20
	// maxSnippetColumns is how much of a source line a snippet shows.
	maxSnippetColumns = 160
	// maxSnippetLines is how many source lines a snippet shows.
	maxSnippetLines = 8
	// maxDetailBytes is how much of a summary or detail text is shown.
	maxDetailBytes = 600
	// maxPlainDiagnostic is how long HCL's own rendering of a diagnostic
	// may be before it is rendered compactly instead.
	maxPlainDiagnostic = 4000
)

// writeTextDiagnostics writes diags the way HCL tools do (severity,
// summary, the source lines with the subject highlighted, the detail),
// with the location given as file:line:column. A diagnostic whose
// rendering would hold control characters, overlong lines or too much
// text is rendered compactly: lines cut around the subject with … marks,
// control characters escaped. At most maxShownErrors errors and as many
// warnings are written; a last line counts the rest.
func writeTextDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width int, color bool) error {
	var buf bytes.Buffer
	plain := hcl.NewDiagnosticTextWriter(&buf, files, uint(max(width, 0)), false)
	wr := hcl.NewDiagnosticTextWriter(&buf, files, uint(max(width, 0)), color)
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
		if err := plain.WriteDiagnostic(d); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
		var out []byte
		if buf.Len() > maxPlainDiagnostic || !printable(buf.Bytes()) || hasLongLine(buf.Bytes()) {
			out = compactDiagnostic(files, d, color)
		} else {
			if color {
				buf.Reset()
				if err := wr.WriteDiagnostic(d); err != nil {
					return fmt.Errorf("write diagnostics: %w", err)
				}
			}
			out = buf.Bytes()
			if s := d.Subject; s != nil {
				// HCL writes "  on FILE line N"; say where on the line too.
				old := fmt.Appendf(nil, "  on %s line %d", s.Filename, s.Start.Line)
				loc := fmt.Appendf(nil, "  on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column)
				out = bytes.Replace(out, old, loc, 1)
			}
		}
		if _, err := w.Write(out); err != nil {
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

// printable reports whether b holds only printable UTF-8, newlines and
// tabs.
func printable(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if (r == utf8.RuneError && n <= 1) || (r != '\n' && r != '\t' && unsafeRune(r)) {
			return false
		}
		b = b[n:]
	}
	return true
}

// unsafeRune reports the runes a terminal may act on: C0 and C1 controls,
// DEL, and the bidirectional overrides that reorder what is shown.
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// hasLongLine reports whether a rendered diagnostic shows a source line
// ("NNNN: ...") longer than maxSnippetColumns.
func hasLongLine(b []byte) bool {
	for _, l := range bytes.Split(b, []byte{'\n'}) {
		if len(l) > 6 && l[4] == ':' && l[5] == ' ' && utf8.RuneCount(l) > maxSnippetColumns+6 {
			return true
		}
	}
	return false
}

// escapeText escapes what a terminal may act on (tabs and the characters
// of keep stay) and invalid UTF-8, as \xNN or \uNNNN.
func escapeText(s string, keep string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t' || (r < utf8.RuneSelf && strings.ContainsRune(keep, r)):
			b.WriteRune(r)
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
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

// compactDiagnostic renders d like HCL does, but with every text escaped
// and cut: at most maxSnippetLines lines of source, each cut to
// maxSnippetColumns around the subject.
func compactDiagnostic(files map[string]*hcl.File, d *hcl.Diagnostic, color bool) []byte {
	var b bytes.Buffer
	sev, on, off, hi := "Error", "", "", ""
	if d.Severity == hcl.DiagWarning {
		sev = "Warning"
	}
	if color {
		on, off, hi = "\x1b[1;31m", "\x1b[0m", "\x1b[1;4m"
		if d.Severity == hcl.DiagWarning {
			on = "\x1b[1;33m"
		}
	}
	fmt.Fprintf(&b, "%s%s%s: %s\n\n", on, sev, off, escapeText(cutText(d.Summary, maxDetailBytes), ""))
	if s := d.Subject; s != nil {
		f := files[s.Filename]
		name := escapeText(cutText(s.Filename, maxDetailBytes), "")
		if f == nil || f.Bytes == nil {
			fmt.Fprintf(&b, "  on %s:%d:%d:\n  (source code not available)\n\n", name, s.Start.Line, s.Start.Column)
		} else {
			ctx := ""
			if c := navContext(f, s.Start.Byte); c != "" {
				ctx = ", in " + escapeText(cutText(c, maxDetailBytes), "")
			}
			fmt.Fprintf(&b, "  on %s:%d:%d%s:\n", name, s.Start.Line, s.Start.Column, ctx)
			for _, l := range snippetLines(f, *s, d.Context) {
				if l.text == "" && l.line == 0 {
					b.WriteString("      …\n")
					continue
				}
				fmt.Fprintf(&b, "%4d: %s%s%s%s%s\n", l.line, l.before, hi, l.subject, off, l.after)
			}
			b.WriteByte('\n')
		}
	}
	if d.Detail != "" {
		fmt.Fprintf(&b, "%s\n\n", escapeText(cutText(d.Detail, maxDetailBytes), "\n"))
	}
	return b.Bytes()
}

// snippetLine is one line of a compact snippet, split around the subject;
// line 0 stands for lines left out.
type snippetLine struct {
	line                   int
	text                   string
	before, subject, after string
}

// snippetLines cuts the lines of the subject (and the first line of the
// context) out of f, each escaped and cut to maxSnippetColumns around the
// subject.
func snippetLines(f *hcl.File, subject hcl.Range, context *hcl.Range) []snippetLine {
	hl := subject
	if hl.Empty() {
		hl.End.Byte++
		hl.End.Column++
	}
	wanted := func(line int) bool {
		if line >= subject.Start.Line && line <= max(subject.End.Line, subject.Start.Line) {
			return true
		}
		return context != nil && line == context.Start.Line
	}
	var out []snippetLine
	last := 0
	sc := hcl.NewRangeScanner(f.Bytes, subject.Filename, bufio.ScanLines)
	for sc.Scan() {
		r := sc.Range()
		if !wanted(r.Start.Line) {
			continue
		}
		if len(out) >= maxSnippetLines {
			out = append(out, snippetLine{})
			break
		}
		if last != 0 && r.Start.Line != last+1 {
			out = append(out, snippetLine{})
		}
		last = r.Start.Line
		src := bytes.TrimRight(r.SliceBytes(f.Bytes), "\r")
		// Byte offsets of the highlight within the line.
		hs := min(max(hl.Start.Byte-r.Start.Byte, 0), len(src))
		he := min(max(hl.End.Byte-r.Start.Byte, hs), len(src))
		if !r.Overlaps(hl) {
			hs, he = len(src), len(src)
		}
		// The window: maxSnippetColumns bytes from a little before the
		// subject.
		ws := max(0, hs-maxSnippetColumns/4)
		for ws > 0 && !utf8.RuneStart(src[ws]) {
			ws--
		}
		if hs == len(src) {
			ws = 0
		}
		we := min(len(src), ws+maxSnippetColumns)
		for we < len(src) && !utf8.RuneStart(src[we]) {
			we++
		}
		hs, he = min(max(hs, ws), we), min(max(he, ws), we)
		l := snippetLine{line: r.Start.Line, text: "x",
			before:  escapeText(string(src[ws:hs]), ""),
			subject: escapeText(string(src[hs:he]), ""),
			after:   escapeText(string(src[he:we]), "")}
		if ws > 0 {
			l.before = "…" + l.before
		}
		if we < len(src) {
			l.after += "…"
		}
		out = append(out, l)
	}
	return out
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
