package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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
