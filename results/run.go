package results

import "time"

// Scenario statuses.
const (
	StatusPass        = "pass"
	StatusFail        = "fail"        // a check failed
	StatusError       = "error"       // the scenario could not run to the end (server down, leak, ...)
	StatusInterrupted = "interrupted" // Ctrl-C / SIGTERM
	StatusSkipped     = "skipped"     // not started because the run was interrupted
)

// SchemaVersion is the version of the JSON form of Run. 3: every
// results object has a series (one record per interval), lateness and
// start_ms. 2: the values a check read (CheckValue.Value) are typed (a
// number, a bool, a string, null for no data) instead of the text the
// console prints; 1 had text.
const SchemaVersion = 3

// Run is the whole report of one `stressql run`.
type Run struct {
	SchemaVersion int               `json:"schema_version"` // SchemaVersion
	Version       string            `json:"version"`
	RunID         string            `json:"run_id"`
	Seed          int64             `json:"seed"`
	StartedAt     time.Time         `json:"started_at"`
	DurationMs    float64           `json:"duration_ms"`
	Interrupted   bool              `json:"interrupted"`
	Targets       map[string]string `json:"targets"` // driver -> URL with the password redacted
	Scenarios     []*ScenarioRun    `json:"scenarios"`
	Summary       Counts            `json:"summary"`
	// Shard is set on the report of one shard of a sharded run (`run
	// --shard`) and on the report `stressql merge` makes of all of them;
	// nil (null) for an unsharded run.
	Shard *Shard `json:"shard"`
}

// Shard says which part of a sharded test a report covers.
type Shard struct {
	// Index is the shard's index (0 to Count−1); nil on a merged report.
	Index *int `json:"index"`
	Count int  `json:"count"`
	// PlanHash is the sha256 of the unsharded plan's JSON (`plan -json`):
	// shards of one test have the same.
	PlanHash string `json:"plan_hash"`
	// IntervalMs is the run's --interval, which windowed checks need.
	IntervalMs float64 `json:"interval_ms"`
	// StartAt is the start barrier (--start-at); nil without one.
	StartAt *time.Time `json:"start_at"`
	// Merged lists, on a merged report, the shards' run ids by index;
	// [] on a shard's own report.
	Merged []string `json:"merged"`
}

// Counts counts scenarios by status.
type Counts struct {
	Total       int `json:"total"`
	Passed      int `json:"passed"`
	Failed      int `json:"failed"`
	Errored     int `json:"errored"`
	Interrupted int `json:"interrupted"`
	Skipped     int `json:"skipped"`
}

// ScenarioRun is one scenario's outcome.
type ScenarioRun struct {
	Name       string        `json:"name"`
	Driver     string        `json:"driver"`
	Tags       []string      `json:"tags"`
	Source     string        `json:"source"` // file:line:column of the scenario block
	Status     string        `json:"status"`
	StartedAt  time.Time     `json:"started_at"`
	DurationMs float64       `json:"duration_ms"`
	ExpectedMs float64       `json:"expected_ms"`
	Result     *Result       `json:"results"`
	Checks     []CheckResult `json:"checks"`
	// Errors are scenario-level problems: the target could not be reached,
	// connections leaked after close, cleanup failed...
	Errors []string `json:"errors"`
	// Faults is what the fault timeline did, in order: when each fault
	// was applied and cleared, relative to the scenario's start.
	Faults []FaultEvent `json:"faults"`
	// Warnings are things the reader should know that did not fail the
	// scenario: the generator lagged (GeneratorLag), a fault ran late.
	Warnings []string `json:"warnings"`
	// Aborted is set when a windowed check with abort = true failed and
	// stopped the scenario early; nil otherwise.
	Aborted *Abort `json:"aborted"`
	// LeakedConns is what the server still saw from this scenario after
	// its pool was closed; anything above 0 fails the scenario.
	LeakedConns int `json:"leaked_conns"`
}

// CheckResult is one evaluated check.
type CheckResult struct {
	Name      string `json:"name"`
	Condition string `json:"condition"`
	Source    string `json:"source"`
	Passed    bool   `json:"passed"`
	// NoData is set when the condition read a metric without samples.
	NoData bool `json:"no_data"`
	// Message is the evaluated error_message (or a default) when failed.
	Message string `json:"message,omitempty"`
	// Values are the results the condition read, e.g. latency.p95 = 12.3.
	// For a windowed check that failed, those of its first failing window.
	Values []CheckValue `json:"values"`
	// Window is, for a windowed check (window = "…") that failed, its
	// first failing window; nil otherwise.
	Window *CheckWindow `json:"window,omitempty"`
}

// CheckWindow is one window of a windowed check, from the scenario's
// start.
type CheckWindow struct {
	TMs        float64 `json:"t_ms"`
	DurationMs float64 `json:"duration_ms"`
}

// FaultEvent is one action of the fault timeline.
type FaultEvent struct {
	AtMs float64 `json:"at_ms"` // from the scenario's start
	// PlannedMs is when the plan wanted this start or end (after, or
	// after + duration); LateMs how much later than that it took effect
	// (0 when on time; close_pool's from when the close began, its at_ms
	// being when it finished). Both null for events that are no fault's
	// planned start or end (a fault cut short by the phase's end).
	PlannedMs *float64 `json:"planned_ms"`
	LateMs    *float64 `json:"late_ms"`
	Phase     string   `json:"phase,omitempty"`
	Kind      string   `json:"kind"`
	What      string   `json:"what"`
	Error     string   `json:"error,omitempty"`
}

// IsLate reports whether the event took effect more than tolerance
// (milliseconds) late.
func (e FaultEvent) IsLate(toleranceMs float64) bool {
	return e.LateMs != nil && *e.LateMs > toleranceMs
}

// Abort is what stopped a scenario early: a windowed check with
// abort = true that failed.
type Abort struct {
	Check    string  `json:"check"`     // the check's name
	WindowMs float64 `json:"window_ms"` // its first failing window's start, from the scenario's start
	AtMs     float64 `json:"at_ms"`     // when the scenario's loads were stopped, from its start
}
