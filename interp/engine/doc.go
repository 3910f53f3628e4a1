// Package engine executes a compiled interp.Plan against real servers.
//
// It exists so that everything time-sensitive lives in one place: load
// patterns (closed and open models, with coordinated-omission-free
// latency), pool swaps between phases, the fault timeline, sampling of
// pool, server and process, the stop/grace/timeout discipline, and turning
// what was recorded into results and evaluated checks. The hot path (one
// iteration) allocates nothing when the load has no policies or faults.
//
// Scenarios run one after another. Cancelling the context given to Run
// stops scheduling at once, lets in-flight iterations finish within
// Options.Grace, then cancels them; the report is always complete, and
// an iteration cut short (there, or by the scenario's timeout) counts as
// failed, kind timeout, with the latency it had.
package engine
