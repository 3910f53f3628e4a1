// Package format rewrites scenario files into their one canonical layout,
// so that a change to a scenario shows in review as exactly that change and
// never as a reshuffle of whitespace.
//
// The layout is hclwrite's (two-space indents, aligned "=" in runs of
// attributes, aligned trailing comments) plus rules for blank lines: at
// most one in a row, none right after an opening brace or bracket, none
// right before a closing one, none at the start or end of the file.
// Heredocs and block comments are left exactly as written. A file with a
// syntax error is never formatted: hclwrite would happily rearrange it.
package format
