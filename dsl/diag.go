package dsl

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// problem is an error diagnostic: subject is the narrowest range of the
// mistake, context the header of the block it is in.
func problem(subject, context hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return diag(hcl.DiagError, subject, context, summary, detail, args...)
}

// caution is a warning diagnostic, shaped like problem.
func caution(subject, context hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return diag(hcl.DiagWarning, subject, context, summary, detail, args...)
}

func diag(sev hcl.DiagnosticSeverity, subject, context hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	if len(args) > 0 {
		detail = fmt.Sprintf(detail, args...)
	}
	d := &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: subject.Ptr()}
	if context != (hcl.Range{}) && context != subject {
		d.Context = context.Ptr()
	}
	return d
}

// fileless is an error diagnostic about something outside any file, like
// a --var option.
func fileless(summary, detail string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...)}
}

// dedupe drops repeated diagnostics (same severity, summary, detail and
// subject), keeping the first. Repeats come from for_each instances that
// share a mistake and from syntax errors that re-surface on evaluation.
func dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		sev             hcl.DiagnosticSeverity
		summary, detail string
		subject         hcl.Range
	}
	seen := make(map[key]bool, len(diags))
	out := diags[:0:0]
	for _, d := range diags {
		k := key{sev: d.Severity, summary: d.Summary, detail: d.Detail}
		if d.Subject != nil {
			k.subject = *d.Subject
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}

// at renders where a range starts, as file:line:column.
func at(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// an is "a" or "an" for the word that follows it.
func an(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// FormatDuration writes d the way scenarios write durations: like
// time.Duration.String without the zero units it adds after hours and
// minutes ("1h", "1h30m", "2m", "1m0.5s", "250ms"). The result parses back
// with time.ParseDuration.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// upper capitalizes the first letter, to start a sentence.
func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
