// Package compiler compiles validated dsl scenarios into a plan.Plan: pure
// data with every default explicit, pool attributes turned into each
// driver's configuration by its descriptor, per-iteration step arguments
// compiled into arg.Expr, checks compiled by package checks, and expected
// iterations and durations computed. The plan's types live in package plan
// (plantypes.go gives the compiler short names for them); package engine
// executes a Plan and package planfmt prints one.
package compiler
