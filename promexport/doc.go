// Package promexport serves a run's metrics in Prometheus text format over
// HTTP while the run goes (--metrics-addr). Its Exporter is a series.Sink:
// it accumulates the per-interval events of the engine (counters add up,
// histograms are rebuilt at fixed bucket bounds from each interval's HDR
// histogram, gauges hold the last interval's value) and a custom
// prometheus.Collector turns that state into metrics on each scrape, so a
// scrape never blocks the engine for longer than a copy.
//
// Names follow OpenTelemetry's semantic conventions for database client
// connection pools where one exists (db.client.connection.wait_time and
// .timeouts; the connection count under its earlier name
// db.client.connections.usage, since db_client_connection_count ends in a
// suffix Prometheus reserves for histograms), translated to Prometheus
// style (dots become underscores, seconds get _seconds, counters _total);
// the rest is under stressql_. Iteration, error and histogram metrics come from load events
// only, labelled run_id, scenario, phase and load, so sum() over them never
// counts an iteration twice (a phase or scenario is sum by (phase) or sum
// by (scenario)); pool and server metrics come from scenario events
// (labels run_id, scenario), process metrics from scenario events with the
// label run_id only. Only what an interval measured is exported: a gauge
// without samples in the last interval disappears, a counter the driver
// does not measure never appears. docs/results.md ("Live metrics") lists
// every metric.
//
// The package registers no Go runtime or process collector: the process
// metrics are the ones the engine samples, as in the results.
package promexport
