package engine

import (
	"testing"
	"time"
)

// TestBouncerStatsWindows: the SHOW STATS totals of a window are the
// growth between the reading at or before its start (else its first) and
// its last reading; windows add up; a window with fewer than two readings
// or across a bouncer restart adds nothing; none at all is no data.
func TestBouncerStatsWindows(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	reading := func(s float64, xacts int64, waitMs int) bouncerTotals {
		return bouncerTotals{at: at(s), xacts: xacts, queries: 2 * xacts,
			waitTime: time.Duration(waitMs) * time.Millisecond, queryTime: time.Duration(3*waitMs) * time.Millisecond}
	}
	b := bouncerSeries{totals: []bouncerTotals{
		reading(0.5, 100, 10), reading(1.0, 110, 20), reading(1.5, 130, 40), reading(2.0, 160, 70),
		reading(3.0, 5, 1), reading(3.5, 8, 2), // the bouncer restarted between 2.0 and 3.0
	}}
	for _, c := range []struct {
		name   string
		wins   []window
		xacts  int64 // -1: no data
		waitMs float64
	}{
		{"before the first reading: from the first within", []window{{at(0), at(1.2)}}, 10, 10},
		{"reading at the start", []window{{at(1.0), at(2.0)}}, 50, 50},
		{"between readings: from the one before", []window{{at(1.2), at(1.7)}}, 20, 20},
		{"two windows add up", []window{{at(0.5), at(1.0)}, {at(1.5), at(2.0)}}, 40, 40},
		{"restart: nothing", []window{{at(2.0), at(3.0)}}, -1, 0},
		{"after the restart", []window{{at(3.0), at(3.6)}}, 3, 1},
		{"one reading: nothing", []window{{at(0), at(0.6)}}, -1, 0},
		{"no readings: nothing", []window{{at(5), at(6)}}, -1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			xacts, queries, waitMs, queryMs := b.stats(c.wins)
			if c.xacts < 0 {
				if xacts != nil || queries != nil || waitMs != nil || queryMs != nil {
					t.Fatalf("stats = %v %v %v %v; want no data", xacts, queries, waitMs, queryMs)
				}
				return
			}
			if xacts == nil || queries == nil || waitMs == nil || queryMs == nil {
				t.Fatalf("stats = %v %v %v %v; want data", xacts, queries, waitMs, queryMs)
			}
			if *xacts != c.xacts || *queries != 2*c.xacts || *waitMs != c.waitMs || *queryMs != 3*c.waitMs {
				t.Errorf("stats = xacts %d queries %d wait %v query %v; want %d, %d, %v, %v",
					*xacts, *queries, *waitMs, *queryMs, c.xacts, 2*c.xacts, c.waitMs, 3*c.waitMs)
			}
		})
	}
}
