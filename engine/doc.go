// Package engine executes a compiled plan.Plan against real servers.
//
// It exists so that everything time-sensitive lives in one place: load
// patterns (closed and open models, with coordinated-omission-free
// latency), pool swaps between phases, the fault timeline, sampling of
// pool, server and process, the stop/grace/timeout discipline, and turning
// what was recorded into results. It does not evaluate checks and imports
// no HCL: at the end of each scenario it hands the scenario and its
// results to Options.Judge (package checks), whose verdicts set the
// scenario's status. The hot path (one iteration) allocates nothing when
// the load has no policies or faults.
//
// Scenarios run one after another. Cancelling the context given to Run
// stops scheduling at once, lets in-flight iterations finish within
// Options.Grace, then cancels them; the report is always complete, and
// an iteration cut short (there, or by the scenario's timeout) counts as
// failed, kind timeout, with the latency it had.
package engine
