package main

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/stressql/stressql/plan"
)

// filterPlan keeps the scenarios of plan that match: the name matches one
// of filters (when any are given) and the scenario has one of tags (when
// any are given). The plan is not modified.
//
// A filter is a path.Match glob over the scenario name ("redis_*",
// "pool_?"). Names made by for_each contain brackets ("sweep[100ms]"),
// which globs read as character classes: a filter also selects a scenario
// whose name it equals exactly, and one whose name before the brackets it
// matches ("sweep" selects every "sweep[...]"); to glob over the key,
// escape the brackets: 'sweep\[1*\]'.
func filterPlan(p *plan.Plan, filters, tags []string) (*plan.Plan, error) {
	for _, f := range filters {
		if _, err := path.Match(f, ""); err != nil {
			return nil, fmt.Errorf("--filter %q: %w (escape [ and ] with \\)", f, err)
		}
	}
	out := &plan.Plan{}
	for _, s := range p.Scenarios {
		if (len(filters) == 0 || nameMatches(s.Name, filters)) && (len(tags) == 0 || hasAnyTag(s.Tags, tags)) {
			out.Scenarios = append(out.Scenarios, s)
		}
	}
	return out, nil
}

// nameMatches reports whether name matches one of filters.
func nameMatches(name string, filters []string) bool {
	base := name
	if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
		base = name[:i]
	}
	for _, f := range filters {
		if f == name {
			return true
		}
		if ok, _ := path.Match(f, name); ok {
			return true
		}
		if ok, _ := path.Match(f, base); ok && base != name {
			return true
		}
	}
	return false
}

func hasAnyTag(have, want []string) bool {
	for _, t := range want {
		if slices.Contains(have, t) {
			return true
		}
	}
	return false
}

// selectScenarios applies the selection flags to plan; selecting nothing
// when flags were given is a usage error, since it is almost always a
// typo.
func selectScenarios(plan *plan.Plan, c *configFlags) (*plan.Plan, error) {
	if len(c.filters) == 0 && len(c.tags) == 0 {
		return plan, nil
	}
	out, err := filterPlan(plan, c.filters, c.tags)
	if err != nil {
		return nil, invalid("%w", err)
	}
	if len(out.Scenarios) == 0 {
		var sel []string
		for _, f := range c.filters {
			sel = append(sel, "--filter "+f)
		}
		for _, t := range c.tags {
			sel = append(sel, "--tag "+t)
		}
		return nil, invalid("no scenario matches %s (of %d loaded)", strings.Join(sel, " "), len(plan.Scenarios))
	}
	return out, nil
}
