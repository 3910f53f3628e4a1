// Package plan defines what a run executes: every scenario compiled by
// package compiler, with each default explicit, as plain data. The runtime
// (engine) executes a Plan, planfmt prints one, and package checks
// evaluates its checks after each scenario. It imports no HCL: a check
// carries its source text and the names it reads, and its compiled form
// is a value only package checks opens.
package plan
