package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxWidth is the widest line the console writes.
const maxWidth = 100

// num formats a measurement (ms, rates) with as many decimals as make
// sense for its size: 2 below 10, 1 below 1000, none above, with
// thousands separators.
func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 0):
		if v > 0 {
			return "+Inf"
		}
		return "-Inf"
	}
	// Decide on the rounded value, so 999.96 prints as 1,000, not 1000.0.
	switch a := math.Abs(v); {
	case math.Abs(math.Round(v*100)/100) < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case math.Abs(math.Round(v*10)/10) < 1000 && a < 1000:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return count(int64(math.Round(v)))
}

// whole formats a sampled count (connections): as an integer when it is
// one.
func whole(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return count(int64(v))
	}
	return num(v)
}

// ms formats milliseconds with their unit.
func ms(v float64) string { return num(v) + " ms" }

// count formats an integer with thousands separators.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// dur formats a wall time given in ms: 850ms, 1.02s, 12.5s, 2m03s, 1h02m.
func dur(msec float64) string {
	d := time.Duration(msec * float64(time.Millisecond))
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// truncate cuts s to at most width runes, marking the cut with "…".
func truncate(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}
