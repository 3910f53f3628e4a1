package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
)

// writeTextDiagnostics writes diags the way HCL tools do (severity,
// summary, the source lines with the subject highlighted, the detail),
// with the location given as file:line:column.
func writeTextDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width int, color bool) error {
	var buf bytes.Buffer
	wr := hcl.NewDiagnosticTextWriter(&buf, files, uint(max(width, 0)), color)
	for _, d := range diags {
		buf.Reset()
		if err := wr.WriteDiagnostic(d); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
		out := buf.Bytes()
		if s := d.Subject; s != nil {
			// HCL writes "  on FILE line N"; say where on the line too.
			old := fmt.Appendf(nil, "  on %s line %d", s.Filename, s.Start.Line)
			loc := fmt.Appendf(nil, "  on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column)
			out = bytes.Replace(out, old, loc, 1)
		}
		if _, err := w.Write(out); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	return nil
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
