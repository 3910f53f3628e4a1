// Package drivers is the contract between the run engine and the database
// drivers (drivers/postgres, drivers/redis). A driver opens a Pool from its
// own plain-Go Config, compiles each Step once into an Op, and runs Ops on
// the hot path. Drivers know nothing of HCL: the interpreter hands them
// plain data and compiled arg.Expr values.
package drivers
