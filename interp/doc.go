// Package interp compiles validated dsl scenarios into a Plan: pure data
// with every default explicit, per-iteration step arguments compiled into
// arg.Expr, and expected iterations and durations computed. The engine
// subpackage executes a Plan.
package interp
