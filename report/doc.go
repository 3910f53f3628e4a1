// Package report turns results into what people and CI read: a console
// report with a live progress line, a JSON document that keeps the HDR
// histograms so runs can be merged and compared later, and JUnit XML for CI
// dashboards. Nothing here measures or decides; it only formats results.Run
// and never prints a password.
package report
