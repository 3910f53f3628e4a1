package compiler

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// errorAt is an error diagnostic with its subject and the header of the
// block it is in.
func errorAt(subject, context hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...),
		Subject: subject.Ptr(), Context: context.Ptr()}
}

// warningAt is errorAt as a warning.
func warningAt(subject, context hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	d := errorAt(subject, context, summary, detail, args...)
	d.Severity = hcl.DiagWarning
	return d
}
