// Package drivers is the contract between the rest of the tool and the
// database drivers (drivers/postgres, drivers/redis). A driver opens a
// Pool from its own plain-Go Config, compiles each Step once into an Op,
// and runs Ops on the hot path. Drivers know nothing of HCL: the
// interpreter hands them plain data and compiled arg.Expr values.
//
// Each driver package declares one Descriptor: its name and target
// (scheme, environment variable, default URL and port), its pool
// attributes with their types, defaults, ranges and rules, its step kinds,
// its capabilities, and hooks to build its Config, open a Pool, classify
// errors, probe a target and clean up after killed runs. dsl validates
// from it, the compiler and `plan` build and print pools from it, the
// engine and the CLI work through it; drivers/registry lists the tool's
// drivers, and is the only package outside the drivers that names them.
// Adding a driver is a new package with its Descriptor, one line in
// drivers/registry and its tables in docs/dsl.md (checked by
// docs/pool_tables_test.go); cmd/stressql/extension_test.go adds one in a
// test.
//
// This package holds types and small helpers only (no driver
// implementation), so that dsl can import it for the Descriptor type
// while still importing no driver.
package drivers
