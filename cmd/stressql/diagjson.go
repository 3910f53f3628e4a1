package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// validateJSON is the document `validate -json` prints (see docs/dsl.md).
type validateJSON struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	Severity string       `json:"severity"` // "error" | "warning"
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail"`
	Range    *jsonRange   `json:"range,omitempty"`
	Snippet  *jsonSnippet `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// jsonSnippet is the source around a diagnostic: the lines of its subject
// (and of its context range), the enclosing block's header, and where the
// subject is within Code.
type jsonSnippet struct {
	Context              *string `json:"context"`
	Code                 string  `json:"code"`
	StartLine            int     `json:"start_line"`
	HighlightStartOffset int     `json:"highlight_start_offset"`
	HighlightEndOffset   int     `json:"highlight_end_offset"`
}

// jsonFormatVersion is the version of the validate -json document.
const jsonFormatVersion = "1.0"

// newValidateJSON builds the document for diags.
func newValidateJSON(files map[string]*hcl.File, diags hcl.Diagnostics) *validateJSON {
	errs, warnings := countDiagnostics(diags)
	v := &validateJSON{
		FormatVersion: jsonFormatVersion,
		Valid:         errs == 0,
		ErrorCount:    errs,
		WarningCount:  warnings,
		Diagnostics:   make([]jsonDiagnostic, 0, len(diags)),
	}
	for _, d := range diags {
		v.Diagnostics = append(v.Diagnostics, newJSONDiagnostic(files, d))
	}
	return v
}

// writeJSON writes v as indented JSON and a newline, leaving <, > and &
// as they are (conditions are full of them).
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("json: write: %w", err)
	}
	return nil
}

func newJSONDiagnostic(files map[string]*hcl.File, d *hcl.Diagnostic) jsonDiagnostic {
	jd := jsonDiagnostic{Severity: "error", Summary: cutText(d.Summary, maxJSONText), Detail: cutText(d.Detail, maxJSONText)}
	if d.Severity == hcl.DiagWarning {
		jd.Severity = "warning"
	}
	if d.Subject == nil {
		return jd
	}
	s := *d.Subject
	jd.Range = &jsonRange{
		Filename: s.Filename,
		Start:    jsonPos{s.Start.Line, s.Start.Column, s.Start.Byte},
		End:      jsonPos{s.End.Line, s.End.Column, s.End.Byte},
	}
	if f := files[s.Filename]; f != nil && f.Bytes != nil {
		jd.Snippet = snippet(f, s, d.Context)
	}
	return jd
}

// maxJSONText is how much of a summary or detail validate -json shows.
const maxJSONText = 4000

// snippet cuts from f the whole lines that the subject and the context
// cover; when they are more than maxSnippetLines or one is longer than
// maxSnippetColumns, only a window of maxSnippetColumns bytes of the
// subject's first line.
func snippet(f *hcl.File, subject hcl.Range, context *hcl.Range) *jsonSnippet {
	if sn := compactSnippet(f, subject, context); sn != nil {
		return sn
	}
	show := subject
	if context != nil {
		show = hcl.RangeOver(show, *context)
	}
	// An empty range would select no line: widen it by one byte.
	if show.Empty() {
		show.End.Byte++
		show.End.Column++
	}
	sn := &jsonSnippet{StartLine: show.Start.Line}
	if c := contextOf(f, subject.Start); c != "" {
		sn.Context = &c
	}
	var code strings.Builder
	first := -1 // byte offset of the snippet's first line in the file
	sc := hcl.NewRangeScanner(f.Bytes, subject.Filename, bufio.ScanLines)
	for sc.Scan() {
		line := sc.Range()
		if !line.Overlaps(show) {
			continue
		}
		if first < 0 {
			first = line.Start.Byte
			sn.StartLine = line.Start.Line
		} else {
			code.WriteByte('\n')
		}
		code.Write(bytes.TrimRight(line.SliceBytes(f.Bytes), "\r"))
	}
	sn.Code = code.String()
	if first < 0 {
		first = subject.Start.Byte
	}
	clamp := func(n int) int { return min(max(n, 0), len(sn.Code)) }
	sn.HighlightStartOffset = clamp(subject.Start.Byte - first)
	sn.HighlightEndOffset = clamp(subject.End.Byte - first)
	return sn
}

// contextOf names the innermost block that encloses pos in f, such as
// `check "fast"`, when the file's syntax tree can tell.
func contextOf(f *hcl.File, pos hcl.Pos) string {
	if f.Body == nil {
		return ""
	}
	b := f.InnermostBlockAtPos(pos)
	if b == nil {
		return ""
	}
	var s strings.Builder
	s.WriteString(b.Type)
	for _, l := range b.Labels {
		fmt.Fprintf(&s, " %q", l)
	}
	return s.String()
}

// compactSnippet is the snippet of a diagnostic whose lines are too many
// or too long, or nil when they are not.
func compactSnippet(f *hcl.File, subject hcl.Range, context *hcl.Range) *jsonSnippet {
	show := subject
	if context != nil {
		show = hcl.RangeOver(show, *context)
	}
	if show.Empty() {
		show.End.Byte++
	}
	var line hcl.Range
	long, found := false, false
	sc := hcl.NewRangeScanner(f.Bytes, subject.Filename, bufio.ScanLines)
	for sc.Scan() {
		r := sc.Range()
		if r.Start.Byte > show.End.Byte {
			break
		}
		if !r.Overlaps(show) {
			continue
		}
		if r.End.Byte-r.Start.Byte > maxSnippetColumns {
			long = true
		}
		if r.Start.Line == subject.Start.Line {
			line, found = r, true
		}
	}
	if !found || (!long && show.End.Line-show.Start.Line < maxSnippetLines) {
		return nil
	}
	src := line.SliceBytes(f.Bytes)
	hs := min(max(subject.Start.Byte-line.Start.Byte, 0), len(src))
	ws := max(0, hs-maxSnippetColumns/4)
	we := min(len(src), ws+maxSnippetColumns)
	he := min(max(subject.End.Byte-line.Start.Byte, hs), we)
	sn := &jsonSnippet{Code: strings.ToValidUTF8(string(src[ws:we]), "\uFFFD"), StartLine: line.Start.Line,
		HighlightStartOffset: hs - ws, HighlightEndOffset: he - ws}
	if c := contextOf(f, subject.Start); c != "" {
		sn.Context = &c
	}
	sn.HighlightStartOffset = min(sn.HighlightStartOffset, len(sn.Code))
	sn.HighlightEndOffset = min(max(sn.HighlightEndOffset, sn.HighlightStartOffset), len(sn.Code))
	return sn
}
