package plan

import "slices"

// LoadNames lists the scenario's load names once each, in plan order.
func (sc *Scenario) LoadNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, ph := range sc.Phases {
		for _, l := range ph.Loads {
			if !seen[l.Name] {
				seen[l.Name] = true
				names = append(names, l.Name)
			}
		}
	}
	return names
}

// PhaseNames lists the scenario's named phases, in order.
func (sc *Scenario) PhaseNames() []string {
	var names []string
	for _, ph := range sc.Phases {
		if ph.Name != "" {
			names = append(names, ph.Name)
		}
	}
	return names
}

// PhaseLoadNames lists the load names of each named phase, in plan order:
// what phase.NAME.load reads.
func (sc *Scenario) PhaseLoadNames() map[string][]string {
	out := map[string][]string{}
	for _, ph := range sc.Phases {
		if ph.Name == "" {
			continue
		}
		for _, l := range ph.Loads {
			if !slices.Contains(out[ph.Name], l.Name) {
				out[ph.Name] = append(out[ph.Name], l.Name)
			}
		}
	}
	return out
}
