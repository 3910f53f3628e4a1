// Package docs holds the user documentation (dsl.md, results.md). Its test
// keeps the language reference true to the code: every complete scenario
// in dsl.md must validate, and must pass against the real servers.
package docs
