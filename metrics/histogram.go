package metrics

import (
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range and precision: values are microseconds from MinValue to
// MaxValue, with 3 significant figures.
const (
	MinValue   = 1                                          // µs
	MaxValue   = int64(10 * time.Minute / time.Microsecond) // µs
	SigFigures = 3
)

// NewHistogram returns an empty HDR histogram with the package's range and
// precision, so that any two of them merge without loss.
func NewHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(MinValue, MaxValue, SigFigures)
}

// micros converts d to microseconds clamped to [MinValue, MaxValue].
func micros(d time.Duration) int64 {
	return min(max(int64(d/time.Microsecond), MinValue), MaxValue)
}
