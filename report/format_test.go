package report

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
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

func TestWrap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, first, text string
		width             int
		want              []string
	}{
		{"fits", "  x ", "a b c", 40, []string{"  x a b c"}},
		{"fits: spacing kept", "  x ", "a   b  ", 40, []string{"  x a   b"}},
		{"wraps at words", "ab ", strings.Repeat("word ", 12), 30,
			[]string{"ab word word word word word", "   word word word word word", "   word word"}},
		{"cuts long words", "> ", strings.Repeat("y", 45), 22,
			[]string{"> " + strings.Repeat("y", 20), "  " + strings.Repeat("y", 20), "  yyyyy"}},
		{"keeps newlines", "- ", "one\ntwo", 40, []string{"- one", "  two"}},
	} {
		got := wrap(tc.first, tc.text, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: wrap = %q, want %q", tc.name, got, tc.want)
		}
		for _, l := range got {
			if utf8.RuneCountInString(l) > tc.width && tc.width >= 22 {
				t.Errorf("%s: line %q wider than %d", tc.name, l, tc.width)
			}
		}
	}
}
