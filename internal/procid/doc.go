// Package procid tells which of the Go scheduler's processors (a P, one
// of GOMAXPROCS) the calling goroutine runs on, so that per-processor
// state (the engine's recorder shards) is touched by one core at a time
// and its cache lines stay there, where state shared by index bounces
// between cores on every write.
package procid
