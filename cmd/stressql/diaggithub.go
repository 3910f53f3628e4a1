package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/internal/termtext"
)

// writeGitHubDiagnostics writes diags as GitHub Actions workflow commands
// (::error file=...,line=...::message), which the Actions runner turns
// into annotations on the changed lines.
// At most maxShownErrors errors and as many warnings are written.
func writeGitHubDiagnostics(w io.Writer, diags hcl.Diagnostics) error {
	shown := map[hcl.DiagnosticSeverity]int{}
	hidden := 0
	for _, d := range diags {
		if shown[d.Severity] >= maxShownErrors {
			hidden++
			continue
		}
		shown[d.Severity]++
		if _, err := io.WriteString(w, gitHubCommand(d)+"\n"); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	if hidden > 0 {
		if _, err := fmt.Fprintf(w, "::notice title=More diagnostics::%d more diagnostics not shown; fix these first (validate -json lists all).\n", hidden); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	return nil
}

// gitHubCommand renders one diagnostic as a workflow command.
func gitHubCommand(d *hcl.Diagnostic) string {
	kind := "error"
	if d.Severity == hcl.DiagWarning {
		kind = "warning"
	}
	var props []string
	if s := d.Subject; s != nil {
		props = append(props,
			"file="+escapeGitHubProperty(boundText(s.Filename, false)),
			fmt.Sprintf("line=%d", s.Start.Line),
			fmt.Sprintf("col=%d", s.Start.Column),
			fmt.Sprintf("endLine=%d", s.End.Line),
			fmt.Sprintf("endColumn=%d", s.End.Column),
		)
	}
	props = append(props, "title="+escapeGitHubProperty(boundText(d.Summary, false)))
	msg := d.Detail
	if msg == "" {
		msg = d.Summary
	}
	// Carriage returns stay, for escapeGitHubData to encode.
	parts := strings.Split(cutText(msg, maxDetailBytes), "\r")
	for i, p := range parts {
		parts[i] = termtext.Block(p)
	}
	msg = strings.Join(parts, "\r")
	return "::" + kind + " " + strings.Join(props, ",") + "::" + escapeGitHubData(msg)
}

// escapeGitHubData escapes a workflow command's message.
func escapeGitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeGitHubProperty escapes a workflow command's property value, which
// also may not contain the separators ":" and ",".
func escapeGitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
