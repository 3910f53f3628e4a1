package metrics

// Merge adds everything src recorded to dst: workers into a load, loads
// into a phase, phases into a scenario. src is left unchanged. Neither may
// be recording meanwhile. Merge into a recorder that is not registered
// with a Live view, or the view counts src twice.
func Merge(dst, src *Recorder) {
	// Same range and precision on both sides: nothing is dropped.
	dst.latency.Merge(src.latency)
	if src.acquire != nil {
		if dst.acquire == nil {
			dst.acquire = NewHistogram()
		}
		dst.acquire.Merge(src.acquire)
	}
	for i, n := range src.errors {
		dst.errors[i] += n
	}
	mergeExamples(dst, src)

	dst.live.ok.Add(src.live.ok.Load())
	dst.live.failed.Add(src.live.failed.Load())
	dst.live.dropped.Add(src.live.dropped.Load())
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
