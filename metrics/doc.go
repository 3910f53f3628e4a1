// Package metrics records what iterations do while a scenario runs and turns
// it into results.
//
// Recording sits on the hot path of every worker, so a Recorder is used by
// one goroutine at a time, takes no locks and does not allocate; the engine
// shares a few recorders among a load's workers under its own lock (one per
// worker made memory grow with the worker count), and they are merged once
// the part of the run they cover is over. A
// progress line still needs approximate totals while workers record, so each
// Recorder also keeps a few atomic counters and a coarse log-linear latency
// histogram that a Live view sums without stopping anyone. Sampled values
// (pool, server, process) go into a Series and become gauges or growths.
// The first message of each error kind (error_examples) is taken once per
// kind and load: an ExampleGate admits it, Recorder.Example keeps it, and
// Merge keeps the earliest.
package metrics
