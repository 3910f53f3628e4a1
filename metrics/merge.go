package metrics

// Merge adds what src recorded and has not handed over in a window
// (TakeWindow) to dst: workers into a load, loads into a phase, phases into
// a scenario. src is left unchanged. Neither may be recording meanwhile.
// Merge into a recorder that is not registered with a Live view, or the
// view counts src twice.
func Merge(dst, src *Recorder) {
	// Same range and precision on both sides: nothing is dropped.
	dst.cur.Add(&Window{Latency: src.cur.Latency, Acquire: src.cur.Acquire, Lateness: src.cur.Lateness, Errors: src.cur.Errors})
	mergeExamples(dst, src)

	dst.live.ok.Add(src.live.ok.Load() - src.taken.ok)
	dst.live.failed.Add(src.live.failed.Load() - src.taken.failed)
	dst.live.dropped.Add(src.live.dropped.Load() - src.taken.dropped)
	for i := range src.live.buckets {
		if n := src.live.buckets[i].Load(); n != 0 {
			dst.live.buckets[i].Add(n)
		}
	}

	// Recovery: the later fault end wins; for the same one, the earlier
	// first success.
	switch {
	case src.markSeen > dst.markSeen:
		dst.markSeen, dst.firstOK = src.markSeen, src.firstOK
	case src.markSeen == dst.markSeen && src.markSeen != 0 && src.firstOK < dst.firstOK:
		dst.firstOK = src.firstOK
	}
}
