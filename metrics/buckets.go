package metrics

import "math/bits"

// The live view's latency histogram is log-linear: values below 16 µs have
// a bucket each, and every power of two above is split into 8 equal
// buckets, so a bucket's midpoint is within 6.25% of any value in it. That
// is coarse next to HDR's 0.1%, but it is enough for a progress line and
// small enough (numBuckets atomic counters) to keep per recorder.
const (
	linearLimit = 16 // values below have their own bucket
	subBits     = 3  // 2^subBits buckets per power of two
	subCount    = 1 << subBits
	firstExp    = 4  // log2(linearLimit)
	endExp      = 30 // 2^30 µs > MaxValue

	// numBuckets covers every value below 2^endExp, so [0, MaxValue].
	numBuckets = linearLimit + (endExp-firstExp)*subCount
)

// bucketOf returns the bucket of a value in µs, 0 <= us <= MaxValue.
func bucketOf(us int64) int {
	if us < linearLimit {
		return int(us)
	}
	e := bits.Len64(uint64(us)) - 1
	sub := int(us>>(e-subBits)) & (subCount - 1)
	return linearLimit + (e-firstExp)*subCount + sub
}

// bucketMid returns the midpoint of bucket i in µs.
func bucketMid(i int) int64 {
	if i < linearLimit {
		return int64(i)
	}
	e := (i-linearLimit)/subCount + firstExp
	sub := (i - linearLimit) % subCount
	width := int64(1) << (e - subBits)
	low := int64(subCount+sub) * width
	return low + width/2
}
