package planfmt

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/plan"
)

// writeChecks writes each check as `check "NAME": CONDITION`, a condition
// of several lines continuing under its first. The condition is printed
// resolved (variables, locals and each replaced by their values); when
// that differs from what was written, a comment after it gives the
// written form.
func writeChecks(b *strings.Builder, checks []*plan.Check, indent string) {
	if len(checks) == 0 {
		b.WriteString(indent + "checks  none\n")
		return
	}
	b.WriteString(indent + "checks\n")
	for _, c := range checks {
		head := fmt.Sprintf("%s  check %q%s: ", indent, c.Name, windowText(c))
		text := c.Condition
		if c.Resolved != "" {
			text = c.Resolved + "  # written: " + c.Condition
		}
		cond := strings.ReplaceAll(termtext.Block(strings.TrimSpace(text)), "\n", "\n"+strings.Repeat(" ", utf8.RuneCountInString(head)))
		b.WriteString(head + cond + "\n")
	}
}

// windowText is " [window 1s]" or " [window 1s, abort]" for a windowed
// check, "" for one that judges the whole run.
func windowText(c *plan.Check) string {
	if c.Window == 0 {
		return ""
	}
	s := " [window " + Duration(c.Window)
	if c.Abort {
		s += ", abort"
	}
	return s + "]"
}
