package faults

import (
	"testing"
	"time"
)

func TestRoundingUnit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{813873082 * time.Nanosecond, "814ms"},
		{187760 * time.Nanosecond, "188µs"},
		{1500 * time.Millisecond, "1.5s"},
		{999 * time.Nanosecond, "999ns"},
	} {
		if got := c.d.Round(roundingUnit(c.d)).String(); got != c.want {
			t.Errorf("%v rounds to %s, want %s", c.d, got, c.want)
		}
	}
}
