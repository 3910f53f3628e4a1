package procid

import _ "unsafe" // go:linkname

// procPin and procUnpin are the runtime's, kept reachable by linkname
// for the packages that use them ("Do not remove or change the type
// signature", runtime/proc.go, go.dev/issue/67401); sync.Pool picks its
// per-processor pool the same way.
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

// Current is the calling goroutine's processor: 0 <= Current() <
// GOMAXPROCS. It is a hint, not a lock: the goroutine may move to another
// processor as soon as Current returns, so what it indexes must still be
// guarded; only its cache lines are, most of the time, one core's.
func Current() int {
	id := procPin()
	procUnpin()
	return id
}
