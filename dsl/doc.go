// Package dsl loads stressql scenario files: it parses HCL, resolves
// variables, locals and for_each, and decodes every block into typed,
// validated values that keep their source ranges.
//
// It exists so that every static mistake in a scenario — a typo, a value
// out of range, an attribute of the other driver, a check that reads a
// result that does not exist — is reported before anything connects to a
// server, all at once, with file:line:column and a hint. Expressions that
// vary per iteration (step arguments reading iteration or worker) stay
// hcl.Expressions here; compiler compiles them. dsl imports no driver: what
// it knows of drivers (pool attributes, step kinds, capabilities) comes
// from the descriptors of the registry its caller passes in
// LoadOptions.Drivers.
package dsl
