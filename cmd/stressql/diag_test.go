package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/internal/termtext"
)

const diagSrc = `scenario "a" {
  check "fast" {
    condition = latency.p59 < 5
  }
}
`

// diagFile parses diagSrc and returns a diagnostic on "p59".
func diagFile(t *testing.T) (map[string]*hcl.File, *hcl.Diagnostic) {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(diagSrc), "x.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	start := strings.Index(diagSrc, "p59")
	subject := hcl.Range{
		Filename: "x.hcl",
		Start:    hcl.Pos{Line: 3, Column: 25, Byte: start},
		End:      hcl.Pos{Line: 3, Column: 28, Byte: start + 3},
	}
	return map[string]*hcl.File{"x.hcl": f}, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unsupported attribute",
		Detail:   `This object does not have an attribute named "p59".`,
		Subject:  &subject,
	}
}

func TestTextDiagnosticsHaveColumns(t *testing.T) {
	files, d := diagFile(t)
	var b bytes.Buffer
	if err := writeTextDiagnostics(&b, files, hcl.Diagnostics{d}, 0, false); err != nil {
		t.Fatal(err)
	}
	want := `Error: Unsupported attribute

  on x.hcl:3:25, in scenario "a":
   3:     condition = latency.p59 < 5

This object does not have an attribute named "p59".

`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSONSnippet(t *testing.T) {
	files, d := diagFile(t)
	jd := newJSONDiagnostic(files, d)
	if jd.Range == nil || jd.Range.Start != (jsonPos{3, 25, d.Subject.Start.Byte}) || jd.Range.End.Column != 28 {
		t.Fatalf("range = %+v", jd.Range)
	}
	sn := jd.Snippet
	if sn == nil {
		t.Fatal("no snippet")
	}
	if sn.Context == nil || *sn.Context != `check "fast"` {
		t.Errorf("context = %v, want check \"fast\"", sn.Context)
	}
	if sn.Code != "    condition = latency.p59 < 5" || sn.StartLine != 3 {
		t.Errorf("code = %q at line %d", sn.Code, sn.StartLine)
	}
	if got := sn.Code[sn.HighlightStartOffset:sn.HighlightEndOffset]; got != "p59" {
		t.Errorf("highlight = %q, want p59", got)
	}

	// With a context range, the snippet covers the whole block.
	ctx := hcl.Range{Filename: "x.hcl", Start: hcl.Pos{Line: 2, Column: 3, Byte: strings.Index(diagSrc, "check")}, End: hcl.Pos{Line: 4, Column: 4, Byte: strings.Index(diagSrc, "  }\n}") + 3}}
	d.Context = &ctx
	sn = newJSONDiagnostic(files, d).Snippet
	if sn.StartLine != 2 || !strings.HasPrefix(sn.Code, `  check "fast" {`) || !strings.HasSuffix(sn.Code, "  }") {
		t.Errorf("code with context = %q at line %d", sn.Code, sn.StartLine)
	}
	if got := sn.Code[sn.HighlightStartOffset:sn.HighlightEndOffset]; got != "p59" {
		t.Errorf("highlight with context = %q, want p59", got)
	}

	// No file, no snippet; no subject, no range.
	if jd := newJSONDiagnostic(nil, d); jd.Snippet != nil || jd.Range == nil {
		t.Errorf("without files: %+v", jd)
	}
	if jd := newJSONDiagnostic(files, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "s"}); jd.Range != nil || jd.Snippet != nil || jd.Severity != "warning" {
		t.Errorf("without subject: %+v", jd)
	}
}

func TestGitHubCommand(t *testing.T) {
	_, d := diagFile(t)
	tests := []struct {
		name string
		d    *hcl.Diagnostic
		want string
	}{
		{"error with range", d, `::error file=x.hcl,line=3,col=25,endLine=3,endColumn=28,title=Unsupported attribute::This object does not have an attribute named "p59".`},
		{"warning without range", &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Deprecated", Detail: "Use y."}, `::warning title=Deprecated::Use y.`},
		{"no detail: the summary is the message", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Bad"}, `::error title=Bad::Bad`},
		{
			"escapes", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "a: b, c%", Detail: "line 1\nline 2: 100%\r"},
			`::error title=a%3A b%2C c%25::line 1%0Aline 2: 100%25%0D`,
		},
	}
	for _, tt := range tests {
		if got := gitHubCommand(tt.d); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// hclText is what HCL's own text writer prints for d, with the location
// given as file:line:column as stressql gives it: the renderer stressql
// replaced, kept here as the oracle of ordinary diagnostics.
func hclText(t *testing.T, files map[string]*hcl.File, d *hcl.Diagnostic, width int, color bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&b, files, uint(width), color).WriteDiagnostic(d); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if s := d.Subject; s != nil {
		out = strings.Replace(out, fmt.Sprintf("  on %s line %d", s.Filename, s.Start.Line),
			fmt.Sprintf("  on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column), 1)
	}
	return out
}

// ordinaryText reports whether HCL's rendering of a diagnostic is one no
// bound of writeTextDiagnostics applies to: printable, source lines of at
// most maxSnippetColumns runes, and short.
func ordinaryText(s string) bool {
	if len(s) > maxSnippetBytes {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || termtext.Line(string(r)) != string(r) && r != '\n' && r != '\t' {
			return false
		}
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "    ") || (len(l) > 5 && l[4] == ':') {
			if utf8.RuneCountInString(l) > maxSnippetColumns+6 {
				return false
			}
		}
	}
	return true
}

// TestTextDiagnosticsMatchHCL renders every diagnostic of the invalid
// test files of dsl and of cmd, one at a time, at two widths, with and
// without color, and compares it with HCL's own text writer: ordinary
// diagnostics print exactly as HCL prints them.
func TestTextDiagnosticsMatchHCL(t *testing.T) {
	t.Parallel()
	var paths []string
	for _, g := range []string{"../../dsl/testdata/invalid/*.hcl", "testdata/malformed/*.hcl", "testdata/validate/*/*.hcl", "testdata/hostile/*.hcl"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	// Evaluation errors, whose rendering lists the values the expression
	// read ("with local.a as 1").
	dir := t.TempDir()
	for name, src := range map[string]string{
		"operand.hcl": "locals {\n  a = 1\n  b = \"x\"\n  c = local.a + local.b + local.a\n}\n",
		"index.hcl":   "locals {\n  l = [1]\n  m = { k = true }\n  n = null\n  x = local.l[5] + local.n\n  y = upper(local.m)\n  z = local.m[\"k\"] + 1\n}\n",
		"values.hcl":  "locals {\n  s = toset([\"a\"])\n  e = {}\n  f = 1.5\n  g = [1, 2]\n  h = local.s + local.e + local.f + local.g\n}\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src+hostileTail), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	compared, withContext, withValues := 0, 0, 0
	for _, p := range paths {
		l := load([]string{p}, dsl.LoadOptions{}, func(hcl.Diagnostics) { t.Fatalf("%s: load stopped", p) })
		for _, d := range l.diags {
			for _, width := range []int{0, 60} {
				for _, color := range []bool{false, true} {
					want := hclText(t, l.files, d, width, color)
					if !ordinaryText(hclText(t, l.files, d, 0, false)) {
						continue
					}
					var b bytes.Buffer
					if err := writeTextDiagnostics(&b, l.files, hcl.Diagnostics{d}, width, color); err != nil {
						t.Fatal(err)
					}
					if b.String() != want {
						t.Errorf("%s, width %d, color %v:\n--- got\n%s--- want (HCL)\n%s", p, width, color, b.String(), want)
					}
					compared++
				}
			}
			if d.Context != nil {
				withContext++
			}
			if d.Expression != nil && d.EvalContext != nil {
				withValues++
			}
		}
	}
	// The files must exercise what the renderer does: many diagnostics,
	// context ranges, several lines.
	if compared < 4*150 || withContext < 20 || withValues < 3 {
		t.Errorf("compared %d renderings, %d diagnostics with a context, %d with values; want at least 600, 20 and 3", compared, withContext, withValues)
	}
	t.Logf("compared %d renderings; %d diagnostics with context, %d with values", compared, withContext, withValues)
}

// boundsFile parses src as file "b.hcl" and returns the files and the
// range of the first occurrence of sub (from its start to its end).
func boundsFile(t *testing.T, src, sub string) (map[string]*hcl.File, hcl.Range) {
	t.Helper()
	f, _ := hclsyntax.ParseConfig([]byte(src), "b.hcl", hcl.InitialPos)
	if f == nil {
		f = &hcl.File{Bytes: []byte(src)}
	}
	i := strings.Index(src, sub)
	if i < 0 {
		t.Fatalf("%q not in the source", sub)
	}
	pos := func(off int) hcl.Pos {
		before := src[:off]
		line := strings.Count(before, "\n") + 1
		col := utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
		return hcl.Pos{Line: line, Column: col, Byte: off}
	}
	return map[string]*hcl.File{"b.hcl": f}, hcl.Range{Filename: "b.hcl", Start: pos(i), End: pos(i + len(sub))}
}

// TestTextDiagnosticsBounds: what a hostile file puts in a diagnostic is
// escaped and cut; no bound applies to the ordinary parts around it.
func TestTextDiagnosticsBounds(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100000)
	manyLines := "locals {\n  a = (1" + strings.Repeat("\n  + 1", 2000) + ")\n}\n"
	bigBlock := "locals {\n" + strings.Repeat("  # a comment that is long enough to fill up the snippet quickly.\n", 100) + "  a = nope\n}\n"
	tests := []struct {
		name           string
		src, sub       string // the subject is sub's first occurrence in src
		context        string // and the context from there to the end of src, if set
		summary        string
		detail         string
		color          bool
		want, wantNot  []string
		maxLines       int // of the output, when set
		maxLineColumns int // of each line, when set
	}{
		{
			name: "control characters in summary, detail and source are escaped",
			src:  "scenario \"\x1b[2J\u202e\" {\n  driver = \"redis\x07\"\n}\n", sub: "\"redis\x07\"",
			summary: "Bad \x1b]0;x\x07 driver", detail: "Line one\nline two\r\u009b31m \x9b \xff.",
			want:    []string{`Bad \x1b]0;x\a driver`, "Line one\nline two\\r\\u009b31m \\x9b \\xff.", `   2:   driver = "redis\a"`, `scenario "\x1b[2J\u202e"`},
			wantNot: []string{"\x1b", "\x07", "\r", "\u202e", "\x9b"},
		},
		{
			name: "color codes stay, around an escaped subject",
			src:  "locals {\n  a = \"\x1b[31m\"\n}\n", sub: "\"\x1b[31m\"", summary: "S", color: true,
			want: []string{"\x1b[31mError\x1b[0m: S\n", `   2:   a = ` + "\x1b[1;4m" + `"\x1b[31m"` + "\x1b[0m\n"},
		},
		{
			name: "a long line is cut around the subject",
			src:  "locals {\n  a = \"" + long + "\" + nope + \"" + long + "\"\n}\n", sub: "nope", summary: "S",
			want:           []string{"   2: …xxxx", `xxxx" + nope + "xxxx`, "xxx…\n"},
			maxLineColumns: maxSnippetColumns + 8,
		},
		{
			name: "a subject at the end of a long line shows its end",
			src:  "locals {\n  a = \"" + long + "\" +\n}\n", sub: "+", summary: "S",
			want:           []string{"   2: …xxxx", "xxxx\" +\n"},
			maxLineColumns: maxSnippetColumns + 8,
		},
		{
			name: "a subject on many lines shows the first ones",
			src:  manyLines, sub: manyLines[strings.Index(manyLines, "(") : strings.LastIndex(manyLines, ")")+1], summary: "S",
			want:     []string{"   2:   a = (1\n   3:   + 1\n", "   9:   + 1\n      …\n\n"},
			maxLines: 16,
		},
		{
			name: "a big block shows its header and the subject's line",
			src:  bigBlock, sub: "nope", context: "locals", summary: "S",
			want:     []string{"   1: locals {\n      …\n 102:   a = nope\n\n"},
			wantNot:  []string{"comment"},
			maxLines: 10,
		},
		{
			name: "long summary and detail are cut",
			src:  "locals {\n  a = 1\n}\n", sub: "1",
			summary: strings.Repeat("s", 1000), detail: strings.Repeat("d", 1000),
			want: []string{strings.Repeat("s", maxDetailBytes) + "… (400 more bytes)\n", strings.Repeat("d", maxDetailBytes) + "… (400 more bytes)\n"},
		},
		{
			name: "CRLF line ends are not shown",
			src:  "locals {\r\n  a = nope\r\n}\r\n", sub: "nope", summary: "S",
			want: []string{"   2:   a = nope\n"}, wantNot: []string{`\r`, "\r"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, subject := boundsFile(t, tt.src, tt.sub)
			d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: tt.summary, Detail: tt.detail, Subject: &subject}
			if tt.context != "" {
				_, c := boundsFile(t, tt.src, tt.context)
				c.End = hcl.Pos{Line: strings.Count(tt.src, "\n") + 1, Column: 1, Byte: len(tt.src)}
				d.Context = &c
			}
			var b bytes.Buffer
			if err := writeTextDiagnostics(&b, files, hcl.Diagnostics{d}, 0, tt.color); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			show := got
			if len(show) > 4000 {
				show = show[:4000] + "…"
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %q in\n%s", w, show)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("%q in\n%s", w, show)
				}
			}
			lines := strings.Split(got, "\n")
			if tt.maxLines > 0 && len(lines) > tt.maxLines {
				t.Errorf("%d lines, want at most %d:\n%s", len(lines), tt.maxLines, show)
			}
			for _, l := range lines {
				if tt.maxLineColumns > 0 && utf8.RuneCountInString(l) > tt.maxLineColumns {
					t.Errorf("a line of %d runes, want at most %d:\n%s", utf8.RuneCountInString(l), tt.maxLineColumns, show)
				}
			}
			if len(got) > 10000 {
				t.Errorf("%d bytes", len(got))
			}
		})
	}
}

// TestTextDiagnosticsCounts: at most maxShownErrors errors and as many
// warnings are printed, and a last line counts the others.
func TestTextDiagnosticsCounts(t *testing.T) {
	t.Parallel()
	diags := func(errs, warnings int) hcl.Diagnostics {
		var ds hcl.Diagnostics
		for i := range errs + warnings {
			sev := hcl.DiagError
			if i >= errs {
				sev = hcl.DiagWarning
			}
			ds = append(ds, &hcl.Diagnostic{Severity: sev, Summary: fmt.Sprintf("D%d", i)})
		}
		return ds
	}
	tests := []struct {
		errs, warnings int
		last           string
	}{
		{20, 20, "Warning: D39\n\n"},
		{21, 0, "... and 1 more error not shown; fix these first (validate -json lists all).\n\n"},
		{25, 22, "... and 5 more errors and 2 more warnings not shown; fix these first (validate -json lists all).\n\n"},
		{3, 30, "... and 10 more warnings not shown; fix these first (validate -json lists all).\n\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := writeTextDiagnostics(&b, nil, diags(tt.errs, tt.warnings), 0, false); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		shown := strings.Count(got, "Error: ") + strings.Count(got, "Warning: ")
		if want := min(tt.errs, maxShownErrors) + min(tt.warnings, maxShownErrors); shown != want {
			t.Errorf("%d errors, %d warnings: %d shown, want %d", tt.errs, tt.warnings, shown, want)
		}
		if !strings.HasSuffix(got, tt.last) {
			t.Errorf("%d errors, %d warnings: ends %q, want %q", tt.errs, tt.warnings, got[max(0, len(got)-120):], tt.last)
		}
	}
}

// TestTextDiagnosticsValues: the values an expression read are listed as
// HCL lists them, at most maxSnippetLines of them.
func TestTextDiagnosticsValues(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, maxSnippetLines, 12} {
		var names []string
		vars := map[string]cty.Value{}
		for i := range n {
			name := fmt.Sprintf("v%02d", i)
			names = append(names, name)
			vars[name] = cty.NumberIntVal(int64(i))
		}
		src := "x = " + strings.Join(names, " + ") + "\n"
		files, subject := boundsFile(t, src, names[0])
		expr, diags := hclsyntax.ParseExpression([]byte(src[4:]), "b.hcl", hcl.Pos{Line: 1, Column: 5, Byte: 4})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		vars["v00"] = cty.StringVal("\x1b[2J")
		d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "S", Detail: "D.", Subject: &subject,
			Expression: expr, EvalContext: &hcl.EvalContext{Variables: vars}}
		var b bytes.Buffer
		if err := writeTextDiagnostics(&b, files, hcl.Diagnostics{d}, 0, false); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		if n <= maxSnippetLines {
			if want := hclText(t, files, d, 0, false); got != want {
				t.Errorf("%d values:\n--- got\n%s--- want (HCL)\n%s", n, got, want)
			}
			continue
		}
		want := "with v00 as \"\\x1b[2J\",\n     v01 as 1,\n" + `     v07 as 7,` + "\n     4 more values.\n\nD.\n\n"
		if !strings.Contains(got, "     v06 as 6,\n") || !strings.HasSuffix(got, want[strings.Index(want, "     v07"):]) || !strings.Contains(got, want[:strings.Index(want, "     v07")]) {
			t.Errorf("%d values:\n%s\nwant the first %d and a count", n, got, maxSnippetLines)
		}
	}
}
