// Package termtext makes user- and server-supplied text safe to print on a
// terminal. Scenario names (for_each keys), descriptions, tags, check
// names and messages, conditions, error texts from the servers and fault
// texts all reach the console; raw, an ESC sequence among them can clear
// the screen, move the cursor or print a fake PASS, a CR can overwrite a
// line, and a bidi override can make text read differently than it is.
//
// [Line] is for single-line fields: every control character becomes a
// visible escape (\n, \t, \r, \x1b, \u009b, \u202e...), as does invalid
// UTF-8 (\xff). [Block] is for texts the console deliberately lays out
// over several lines (error messages with a stack, multi-line conditions
// and messages, SQL in `plan`): it keeps '\n' and '\t' and escapes the
// rest. Text that needs no escape comes back unchanged, without
// allocating, so ordinary output is byte for byte what it was.
//
// Escaped: C0 controls (U+0000-U+001F), DEL (U+007F), C1 controls
// (U+0080-U+009F), the bidi embeddings, overrides and isolates (U+202A-
// U+202E, U+2066-U+2069), and bytes that are not UTF-8. A backslash is
// not escaped: the output is for reading, not for parsing back.
//
// [Wrap] lays text out in lines of a terminal's width, for the console
// report and the command line's help: the one word wrapper of the tool
// (diagnostics excepted, which wrap as HCL's own text writer does).
//
// JSON output needs none of this (encoding/json escapes control
// characters and keeps the real strings); JUnit XML has its own rule
// (characters XML 1.0 cannot hold are replaced), see package report.
package termtext
