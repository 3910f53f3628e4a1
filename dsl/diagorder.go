package dsl

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// syntaxExtra marks a diagnostic of a file's syntax (its parse, or the
// literal checks that run on the syntax tree) in Diagnostic.Extra,
// wrapping what was there, so that SortDiagnostics can put a file's
// syntax errors before what decoding then found in the part the parser
// recovered.
type syntaxExtra struct{ wrapped any }

// UnwrapDiagnosticExtra lets hcl.DiagnosticExtra find what was wrapped.
func (e syntaxExtra) UnwrapDiagnosticExtra() any { return e.wrapped }

// markSyntax marks diags as the syntax diagnostics of their file.
func markSyntax(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		if _, ok := d.Extra.(syntaxExtra); !ok {
			d.Extra = syntaxExtra{d.Extra}
		}
	}
	return diags
}

// SortDiagnostics puts diags in reading order, in place: the diagnostics
// without a source first (a path that cannot be read), then file by file
// in name order; in each file its syntax errors first, then the rest,
// each part by position. Where two are at one position, the order they
// were reported in is kept.
//
// Loading reports in the order it works (every file's parse, then the
// decoding of all, then the compiler's checks of the whole plan), which
// is not the order of the lines: unsorted, an error at line 12 was
// printed before one at line 5, and one file's errors between another's.
// A file's syntax errors stay first because what decoding reports of a
// broken file ("Scenario without load" where the parser gave up before
// the load block) follows from them.
func SortDiagnostics(diags hcl.Diagnostics) {
	syntax := func(d *hcl.Diagnostic) int {
		if _, ok := d.Extra.(syntaxExtra); ok {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(diags, func(a, b *hcl.Diagnostic) int {
		switch {
		case a.Subject == nil && b.Subject == nil:
			return 0
		case a.Subject == nil:
			return -1
		case b.Subject == nil:
			return 1
		}
		if c := strings.Compare(a.Subject.Filename, b.Subject.Filename); c != 0 {
			return c
		}
		if c := syntax(a) - syntax(b); c != 0 {
			return c
		}
		sa, sb := a.Subject.Start, b.Subject.Start
		if c := sa.Line - sb.Line; c != 0 {
			return c
		}
		return sa.Column - sb.Column
	})
}
