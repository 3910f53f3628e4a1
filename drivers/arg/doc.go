// Package arg holds per-iteration values: the arguments of a step (a SQL
// parameter, a Redis key) that may depend on the iteration number and the
// worker index. The interpreter compiles HCL expressions into an Expr once;
// drivers evaluate it on the hot path without HCL and without allocating
// (AppendTo writes into a caller-owned buffer).
package arg
