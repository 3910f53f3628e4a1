// Package planfmt prints a compiled plan.Plan for people and for tools.
//
// Reviewers read `stressql plan` to see what a change to a scenario file
// really changes, so the text form is stable (same plan, same bytes),
// shows every default explicitly and puts one fact on each line, so that a
// diff of two plans is a diff of facts. The JSON form is the Plan itself
// with durations written as Go duration strings ("1.5s") instead of
// nanoseconds, so that it is readable and still machine-parsable.
package planfmt
