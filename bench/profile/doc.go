// Command profile runs one bench workload through stressql's engine in
// process, with a CPU (and optionally heap) profile, so that a target
// bench/compare misses can be explained with pprof.
//
// The CLI has no profiling hook, and the engine's own benchmarks use a
// no-op step; this runs the real path — engine, driver, pool, server — on
// a plan built directly from the contract types (plan.Plan), the same
// plan the bench/scenarios files compile to.
//
//	go run ./bench/profile -workload redis-ping -duration 10s -cpuprofile cpu.out
//	go tool pprof -top -nodecount 40 cpu.out
package main
