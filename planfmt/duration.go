package planfmt

import (
	"time"

	"github.com/stressql/stressql/dsl"
)

// Duration formats d as scenarios write it (dsl.FormatDuration).
func Duration(d time.Duration) string { return dsl.FormatDuration(d) }
