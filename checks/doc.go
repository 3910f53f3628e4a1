// Package checks evaluates a scenario's checks over its results, as its
// own step after the scenario ran.
//
// The compiler (package compiler) compiles each check block into a
// plan.Check: its source text, where it was written and the names it
// reads, which are plain data, and a *Program (Compile), which holds the
// HCL condition, error_message and evaluation context. The plan carries
// the Program opaquely: the runtime, which imports no HCL, hands the
// scenario and its results.Result to a judge given by cmd, which is
// Evaluate. Evaluate turns the results into their cty variables
// (results.Variables), evaluates each condition and, when it fails, its
// error_message, and produces results.CheckResult values with the typed
// values the condition read.
//
// Two rules keep a check from passing on nothing: a condition that reads
// a metric without samples is unknown and fails with "no data" (it never
// passes vacuously), and a condition or message that computes a number
// that is not finite (a division by zero, say) fails and names the
// sub-expression that made it (see nonfinite.go), whatever the
// comparison made of it.
package checks
