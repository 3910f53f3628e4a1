// Package plandiff compares two compiled plans, scenario by scenario, for
// people reviewing a change to scenario files (`stressql diff`).
//
// It compares what would run, not what was written: both sides are
// plan.Plan values, so a change that comes only from a variable default, a
// local or a for_each value shows as the setting it changes, and a change
// of formatting or comments shows as nothing. Scenarios are matched by
// name; a removed and an added scenario whose plans match apart from the
// name (and where they were written) are one rename.
//
// Every setting of a scenario (pool attributes, load attributes, steps,
// policies, phases, faults) is flattened to facts, a path and a rendered
// value; the diff of a scenario is the facts that differ, old → new, with
// the new side's source for annotations. Checks are matched by name and
// their conditions, resolved (variables, locals and each replaced by
// their values), are classified by Classify: tightened, loosened or
// changed.
package plandiff
