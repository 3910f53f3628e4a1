// Package results defines the results object that checks read and reports
// print: its Go form (filled by the engine), its cty type (used by dsl to
// validate check expressions statically), and its cty value (used to
// evaluate checks). Metrics without samples are unknown values in cty, so a
// check that reads them yields "no data" instead of passing vacuously.
package results
