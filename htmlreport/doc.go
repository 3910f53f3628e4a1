// Package htmlreport renders a results.Run as one self-contained HTML
// file: the run's header, a list of its scenarios filterable by status,
// driver and tag, and for each scenario its checks and charts over time
// (throughput, latency with acquire wait, pool and server connections,
// errors by kind, the generator's lateness) with the fault windows and
// phase boundaries shaded and labelled, a latency percentile distribution
// decoded from the HDR histograms, and for for_each sweeps the members side
// by side. Under every chart the numbers it draws are a collapsed table.
//
// The file needs no network when opened: the charting library (uPlot,
// vendored from npm under assets/, MIT) is embedded with go:embed and
// inlined with the data, a JSON document in a <script
// type="application/json">. Long series are downsampled to at most
// MaxBuckets buckets, each kept as its minimum and maximum so that no spike
// is lost; a 50-scenario report stays well under 5 MB.
//
// Like package report, nothing here measures or decides: it only formats,
// and it never prints a password (targets are redacted again).
package htmlreport
