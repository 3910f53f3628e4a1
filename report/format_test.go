package report

import (
	"math"
	"testing"
)

func TestNum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0.00"},
		{0.004, "0.00"},
		{1.234, "1.23"},
		{9.994, "9.99"},
		{12.34, "12.3"},
		{999.94, "999.9"},
		{999.96, "1,000"}, // rounds up: never "1000.0"
		{9.996, "10.0"},
		{1004.4, "1,004"},
		{1234567.8, "1,234,568"},
		{-12.34, "-12.3"},
		{-1234, "-1,234"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
	} {
		if got := num(tc.in); got != tc.want {
			t.Errorf("num(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWhole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {25, "25"}, {1500, "1,500"}, {9.5, "9.50"}, {12.25, "12.2"},
	} {
		if got := whole(tc.in); got != tc.want {
			t.Errorf("whole(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDur(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ms   float64
		want string
	}{
		{0, "0ms"},
		{850.7, "850ms"},
		{1020, "1.02s"},
		{12_540, "12.5s"},
		{123_400, "2m03s"},
		{3_725_000, "1h02m"},
	} {
		if got := dur(tc.ms); got != tc.want {
			t.Errorf("dur(%v) = %q, want %q", tc.ms, got, tc.want)
		}
	}
}
