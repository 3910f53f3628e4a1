package results

import (
	"fmt"
	"strconv"
)

// LagLatenessMs is the generator's lateness p99 (ms) above which it
// lagged: the open-model scheduler started iterations late enough that
// part of the latency reported is the tool's own.
const LagLatenessMs = 1.0

// GeneratorLag says in one line, with what to do, that the load
// generator lagged in r: iterations dropped with every worker busy, or a
// lateness p99 above LagLatenessMs. It is empty when it kept up (or ran
// no open-model load). The console prints it beside the lateness, and the
// JSON report lists it in the scenario's warnings.
func GeneratorLag(r *Result) string {
	if r == nil {
		return ""
	}
	const todo = "raise max_workers, or run fewer loads per machine"
	switch {
	case r.Ops.Dropped > 0:
		return fmt.Sprintf("the generator lagged: %d iterations dropped with every worker busy (not sent, not in latency); %s", r.Ops.Dropped, todo)
	case r.Lateness.Count > 0 && r.Lateness.P99 > LagLatenessMs:
		return fmt.Sprintf("the generator lagged: iterations started up to %s ms late (lateness p99), counted in latency; %s",
			strconv.FormatFloat(r.Lateness.P99, 'g', 3, 64), todo)
	}
	return ""
}
