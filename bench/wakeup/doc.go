// Package wakeup measures how late a Go goroutine wakes from a short
// wait, the floor under any open-model scheduler's dispatch lateness.
//
// It exists because the engine's scheduler sleeps on a time.Timer between
// iterations, and the Go runtime, when it has nothing else to run, waits
// for timers in epoll_wait, whose timeout is in whole milliseconds: a
// 100 µs sleep can last a millisecond. The benchmarks compare that with
// nanosleep(2) on a goroutine locked to its thread with a 1 µs timer
// slack, the alternative proposed in docs/performance.md.
package wakeup
