package planfmt

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stressql/stressql/plan"
)

// Text writes p for people: each scenario with its settings, pool (every
// attribute, defaults marked), loads, fault timeline and checks, then a
// one-line summary. The same plan always gives the same bytes.
func Text(w io.Writer, p *plan.Plan) error {
	if _, err := io.WriteString(w, String(p)); err != nil {
		return fmt.Errorf("plan: write: %w", err)
	}
	return nil
}

// String returns the text form of p (see Text).
func String(p *plan.Plan) string {
	var b strings.Builder
	for _, s := range p.Scenarios {
		writeScenario(&b, s)
		b.WriteByte('\n')
	}
	b.WriteString(summary(p))
	b.WriteByte('\n')
	return b.String()
}

// summary is the closing line: how many scenarios of which driver, and
// how long they are expected to take.
func summary(p *plan.Plan) string {
	var sum time.Duration
	count := map[string]int{}
	var drivers []string
	for _, s := range p.Scenarios {
		sum += s.ExpectedDuration
		if count[s.Driver] == 0 {
			drivers = append(drivers, s.Driver)
		}
		count[s.Driver]++
	}
	if len(p.Scenarios) == 0 {
		return "Plan: no scenarios."
	}
	var parts []string
	for _, d := range drivers {
		parts = append(parts, fmt.Sprintf("%d %s", count[d], d))
	}
	return fmt.Sprintf("Plan: %s (%s), expected to take %s.",
		plural(len(p.Scenarios), "scenario"), strings.Join(parts, ", "), Duration(sum))
}

// plural renders "1 scenario", "2 scenarios".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
