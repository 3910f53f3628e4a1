// Command compare measures stressql against the bare client libraries it
// is built on (go-redis, pgxpool) and against the servers' own C
// benchmark tools (redis-benchmark, pgbench), side by side, on this
// machine and against the servers on 127.0.0.1.
//
// It exists to answer one question with numbers instead of claims: is the
// load generator ever the bottleneck? Throughput is compared as ratios
// (stressql ÷ bare client, stressql ÷ C tool), the open model is checked
// for rate accuracy and scheduling lateness and against a bare open loop
// (drops below saturation, iterations served at saturation), the same
// targets are checked again with the series, the metrics endpoint and the
// interval log on (-only cost), the closed-model workloads run at the
// same time as their bare loops and are counted over one window (-only
// sidebyside), closed-model PING is compared from 1 to
// 256 workers (-only scaling), and memory and validate time are measured
// on the real binary. Every row prints PASS or MISS against
// its target; a miss never fails the program, it is a finding.
//
//	go run ./bench/compare [-duration 10s] [-runs 1] [-full] [-out bench/results.json]
//
// stressql runs as a child process, built from ./cmd/stressql, on the
// scenario files in bench/scenarios; its results come from `run --json`
// and its CPU time from the child's rusage (side by side: from
// /proc/PID/stat over the load's window), its peak RSS from VmHWM.
package main
