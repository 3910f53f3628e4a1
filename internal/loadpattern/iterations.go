package loadpattern

import "math"

// IterationsIn is how many iterations a rate schedule of this area (the
// rate integrated over time: rate × duration, or the area under the
// ramps) holds. The compiler's Load.ExpectedIterations and the runtime's
// pacers both count with it, so a plan shows what a run schedules. The
// tolerance keeps float noise (499.99999999) from adding one.
func IterationsIn(area float64) int64 {
	if area <= 0 || math.IsNaN(area) || math.IsInf(area, 0) {
		return 0
	}
	return int64(math.Ceil(area - 1e-9))
}
