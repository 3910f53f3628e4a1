package loadpattern

import (
	"math"
	"testing"
)

func TestIterationsIn(t *testing.T) {
	t.Parallel()
	tenth := 0.1 // a variable: constant arithmetic would be exact
	for _, tt := range []struct {
		area float64
		want int64
	}{
		{0, 0},
		{-5, 0},
		{math.NaN(), 0},
		{math.Inf(1), 0},
		{math.Inf(-1), 0},
		{0.001, 1}, // a started iteration counts
		{1, 1},     // exact areas hold exactly that many
		{500, 500}, // 50/s for 10s
		{1.5, 2},   // a ramp 0 -> 1/s over 3s
		{100.5, 101},
		{tenth * 3 * 1000, 300},   // 300.00000000000006: float noise, not an iteration
		{499.99999999999994, 500}, // and below
		{500.000001, 501},         // a real millionth over is one more
		{math.MaxInt32 * 2.0, math.MaxInt32 * 2},
	} {
		if got := IterationsIn(tt.area); got != tt.want {
			t.Errorf("IterationsIn(%v) = %d, want %d", tt.area, got, tt.want)
		}
	}
}
