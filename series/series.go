package series

import (
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
)

// Levels of the part an Event describes.
const (
	LevelScenario = "scenario"
	LevelPhase    = "phase"
	LevelLoad     = "load"
)

// Event is one finished interval of one part of a scenario.
type Event struct {
	RunID    string
	Scenario string
	// Index is the scenario's 1-based position in the run.
	Index int
	// Level is LevelScenario, LevelPhase or LevelLoad.
	Level string
	// Phase is the phase's name ("" for the implicit phase of a scenario
	// without phase blocks); on a load event, the phase it runs in; "" on
	// a scenario event.
	Phase string
	// Load is the load's name on a load event, else "".
	Load string
	// ScenarioStart is when the scenario started; Start and End bound the
	// interval [Start, End).
	ScenarioStart, Start, End time.Time
	// Record is the interval's results object (the same as the part's
	// Series entry). Read-only.
	Record *results.Interval
	// Latency, Acquire and Lateness are the interval's own histograms, in
	// µs (Acquire and Lateness may be empty). Read-only and valid only
	// during the call to Sink.Interval: copy what you keep.
	Latency, Acquire, Lateness *hdrhistogram.Histogram
}

// Sink receives events. The engine calls Interval from one goroutine per
// scenario, in time order per part, and every part's interval before the
// next one; it must not block for long.
type Sink interface {
	Interval(ev *Event)
}

// Tee is a Sink that hands every event to each of its sinks in order.
type Tee []Sink

// Interval implements Sink.
func (t Tee) Interval(ev *Event) {
	for _, s := range t {
		s.Interval(ev)
	}
}
