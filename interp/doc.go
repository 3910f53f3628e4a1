// Package interp compiles validated dsl scenarios into a plan.Plan: pure
// data with every default explicit, per-iteration step arguments compiled
// into arg.Expr, checks compiled by package checks, and expected
// iterations and durations computed. The plan's types live in package
// plan (interp names them too, for the compiler); the engine subpackage
// executes a Plan.
package interp
