package planfmt

import (
	"strings"
	"time"
)

// Duration formats d like time.Duration.String without the zero units it
// adds after hours and minutes: "1h", "1h30m", "2m", "1m0.5s", "250ms". The
// result parses back with time.ParseDuration.
func Duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
