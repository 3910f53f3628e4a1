package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
)

// Plan is what would run: every scenario compiled, defaults explicit,
// expected durations computed. It is pure data; `stressql plan` prints it
// and the engine executes it. Fields tagged json:"-" are not part of the
// printout: a check's Reads and its Program (opaque; see Check).
type Plan struct {
	Scenarios []*Scenario `json:"scenarios"`
}

// Scenario is one compiled scenario.
type Scenario struct {
	Name   string `json:"name"`
	Driver string `json:"driver"` // a driver's name (its descriptor's Name)
	// Desc is the driver's descriptor (from the registry dsl was given).
	Desc           *drivers.Descriptor `json:"-"`
	Description    string              `json:"description,omitempty"`
	Tags           []string            `json:"tags"`
	Timeout        time.Duration       `json:"timeout"`
	AllowDangerous bool                `json:"allow_dangerous,omitempty"`
	// Topology is the deployment the scenario expects (its topology
	// block); nil when it declares none.
	Topology *Topology `json:"topology,omitempty"`
	// Phases run in order. A scenario written with loads directly (no
	// phase blocks) has one phase with an empty Name.
	Phases []*Phase `json:"phases"`
	Checks []*Check `json:"checks"`
	// ExpectedDuration is the sum of the phases' expected durations.
	ExpectedDuration time.Duration `json:"expected_duration"`
	Source           Source        `json:"source"`
}

// Resize is a pool resize while the phase's loads run: After the phase's
// start a new pool of configuration Pool is opened and warmed while
// iterations go on; then new iterations go to it, those in flight finish
// on the old pool, which is closed once they are done or DrainTimeout
// after the swap, whichever comes first. The pool in effect after the
// phase is Pool.
type Resize struct {
	After        time.Duration `json:"after"`
	DrainTimeout time.Duration `json:"drain_timeout"`
	Pool         *Pool         `json:"pool"`
	Source       Source        `json:"source"`
}

// DefaultDrainTimeout is a resize's drain_timeout when the file sets none.
const DefaultDrainTimeout = 10 * time.Second

// Phase is a stage of a scenario: its loads run concurrently; its faults
// fire on a timeline relative to the phase start.
type Phase struct {
	Name string `json:"name,omitempty"`
	// Pool is the pool this phase runs on. Phase 0 always has one; a later
	// phase has one only when it declares its own pool block (then the
	// engine swaps pools: build new, move traffic, drain and close old).
	Pool             *Pool         `json:"pool,omitempty"`
	Loads            []*Load       `json:"loads"`
	Faults           []*Fault      `json:"faults,omitempty"`
	ExpectedDuration time.Duration `json:"expected_duration"`
	Source           Source        `json:"source"`
	// Resize is a pool resize under traffic (the phase's resize block):
	// nil when the phase has none.
	Resize *Resize `json:"resize,omitempty"`
}

// Pool holds one driver's pool configuration, defaults applied. Config is
// the driver's own value, made by Desc.NewConfig and opened by Desc.Open;
// Values gives its attributes (plan prints them as "DRIVER": {...}).
type Pool struct {
	Desc   *drivers.Descriptor `json:"-"`
	Config any                 `json:"-"`
	// Set names the attributes the scenario file set (in any pool block
	// that applies), so that plan marks "(default)" only the others. Nil
	// for a pool not compiled from a file: then an attribute equal to its
	// default is marked. Not in the JSON, which gives every value.
	Set    map[string]bool `json:"-"`
	Source Source          `json:"source"`
}

// MarshalJSON writes the driver's configuration under the driver's name
// (by the configuration's json tags), then the source:
// {"<driver>": {...}, "source": {...}}.
func (p Pool) MarshalJSON() ([]byte, error) {
	enc := func(v any) ([]byte, error) {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		err := e.Encode(v)
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
	}
	var b bytes.Buffer
	b.WriteByte('{')
	if p.Desc != nil && p.Config != nil {
		name, err := enc(p.Desc.Name)
		if err != nil {
			return nil, err
		}
		cfg, err := enc(p.Config)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(cfg)
		b.WriteByte(',')
	}
	src, err := enc(p.Source)
	if err != nil {
		return nil, err
	}
	b.WriteString(`"source":`)
	b.Write(src)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Values returns the pool's attributes, in the descriptor's order.
func (p *Pool) Values() drivers.Values {
	if p == nil || p.Desc == nil {
		return nil
	}
	return p.Desc.ValuesOf(p.Config)
}

// MaxConns is the most connections the pool opens (its attribute of
// meaning max_conns); ok is false for a disabled pool (it opens one per
// iteration) or a driver without such an attribute.
func (p *Pool) MaxConns() (n int64, ok bool) {
	if p == nil || p.Desc == nil {
		return 0, false
	}
	v := p.Values()
	if !v.Bool(drivers.EnabledAttr.Name) {
		return 0, false
	}
	if a := p.Desc.AttrMeaning(drivers.MeaningMaxConns); a != nil {
		return v.Int(a.Name), true
	}
	return 0, false
}

// Patterns: the names of internal/loadpattern's table, which says what
// each takes and how it behaves.
const (
	Burst           = loadpattern.Burst
	ConstantWorkers = loadpattern.ConstantWorkers
	ConstantRate    = loadpattern.ConstantRate
	RampingRate     = loadpattern.RampingRate
)

// Load is one load generator.
type Load struct {
	Name    string `json:"name"`
	Pattern string `json:"pattern"`
	// burst: Workers start together and share Iterations.
	// constant_workers: Workers loop for Duration, pausing ThinkTime.
	// constant_rate: Rate iterations/s for Duration, at most MaxWorkers in flight.
	// ramping_rate: from StartRate through Stages (linear ramps), MaxWorkers.
	Workers    int64         `json:"workers,omitempty"`
	Iterations int64         `json:"iterations,omitempty"`
	Duration   time.Duration `json:"duration,omitempty"`
	ThinkTime  time.Duration `json:"think_time,omitempty"`
	Rate       float64       `json:"rate,omitempty"`
	MaxWorkers int64         `json:"max_workers,omitempty"`
	StartRate  float64       `json:"start_rate,omitempty"`
	Stages     []Stage       `json:"stages,omitempty"`
	// StartAfter delays the load's start relative to its phase.
	StartAfter time.Duration `json:"start_after,omitempty"`

	Steps []drivers.Step `json:"steps"`
	// Timeout bounds one try of an iteration (all its steps); each retry
	// gets a fresh deadline; 0 = none.
	Timeout  time.Duration   `json:"timeout,omitempty"`
	Retry    *Retry          `json:"retry,omitempty"`
	Breaker  *CircuitBreaker `json:"circuit_breaker,omitempty"`
	Fallback []drivers.Step  `json:"fallback,omitempty"`

	// ExpectedIterations is exact for burst and the open models (the
	// schedule), and 0 (unknown) for constant_workers.
	ExpectedIterations int64         `json:"expected_iterations"`
	ExpectedDuration   time.Duration `json:"expected_duration"`
	Source             Source        `json:"source"`
	// Segment is set on a load of one shard of a sharded plan (package
	// shard): the load runs iterations Index, Index+Count, Index+2·Count…
	// of the unsharded schedule, whose rates it keeps (Rate, StartRate and
	// Stages above are the shard's share, for printing). Nil when unsharded.
	Segment *Segment `json:"segment,omitempty"`
}

// Segment is a shard's part of an open-model load: iteration n of the
// unsharded schedule (the rates below) belongs to shard n mod Count.
type Segment struct {
	Index     int64   `json:"index"`
	Count     int64   `json:"count"`
	Rate      float64 `json:"rate,omitempty"`
	StartRate float64 `json:"start_rate,omitempty"`
	Stages    []Stage `json:"stages,omitempty"`
}

// Stage is one target of a ramping_rate load: ramp linearly from the
// previous rate to Rate over Duration.
type Stage struct {
	Rate     float64       `json:"rate"`
	Duration time.Duration `json:"duration"`
}

// Retry re-runs a failed iteration.
type Retry struct {
	Attempts   int           `json:"attempts"` // total tries, including the first
	Backoff    time.Duration `json:"backoff"`
	MaxBackoff time.Duration `json:"max_backoff"`
	Jitter     float64       `json:"jitter"` // 0..1, share of the delay
	On         []string      `json:"on"`     // error kinds retried; empty = all but breaker_open
}

// CircuitBreaker stops calling a failing target.
type CircuitBreaker struct {
	FailureThreshold  int           `json:"failure_threshold"` // consecutive failures that open it
	OpenFor           time.Duration `json:"open_for"`
	HalfOpenSuccesses int           `json:"half_open_successes"`
}

// Fault is one injected fault with its window, relative to the phase
// start. Its Kind is a row of internal/faultkind's table, which says what
// it takes and when it acts. Duration 0 means "until the phase ends" for
// window faults and "instant" for instant ones (terminate, close_pool).
type Fault struct {
	Kind     string        `json:"kind"`
	After    time.Duration `json:"after"`
	Duration time.Duration `json:"duration,omitempty"`
	Delay    time.Duration `json:"delay,omitempty"`
	Jitter   time.Duration `json:"jitter,omitempty"`
	// Direction is the way a latency or bandwidth fault acts on, its
	// default applied; "" for the other kinds.
	Direction   Direction `json:"direction,omitempty"`
	Probability float64   `json:"probability,omitempty"`
	KBps        int64     `json:"kbps,omitempty"`
	IdleOnly    bool      `json:"idle_only,omitempty"`
	// Load restricts an error fault to one load; "" = all loads.
	Load string `json:"load,omitempty"`
	// Mode and DownFor are a restart fault's: how the server is stopped
	// (kill or fast) and how long it stays down before it is started again.
	Mode    string        `json:"mode,omitempty"`
	DownFor time.Duration `json:"down_for,omitempty"`
	// Per and SpareReqs are a reset fault's: "request" resets requests on
	// open connections, sparing the first SpareReqs of each; "" (as
	// "connection") resets new connections.
	Per       string `json:"per,omitempty"`
	SpareReqs int64  `json:"spare_requests,omitempty"`
	Source    Source `json:"source"`
}

// Network reports whether the fault needs the network fault layer.
func (f *Fault) Network() bool { return faultkind.IsNetwork(f.Kind) }

// Check is one condition over the results. The plan holds what the check
// says: its text, where it was written and the names it reads. How to
// evaluate it is Program, opaque here: the compiler puts there what
// package checks made (checks.Compile), and only package checks evaluates
// it, after the scenario ran (checks.Evaluate). The runtime never looks
// inside, which is why package plan, and the runtime, import no HCL.
type Check struct {
	Name string `json:"name"`
	// Condition is the canonical source text of the condition.
	Condition string `json:"condition"`
	// Resolved is Condition with every part that reads only variables,
	// locals and each replaced by its value (latency.p95 < 50 for
	// latency.p95 < var.max_p95), as plan prints it; "" when that is
	// Condition itself. Not in the JSON, which keeps the written text.
	Resolved string `json:"-"`
	// Reads are the names the condition reads, as written, once each in
	// the order they appear: results such as latency.p95 or
	// load.fast.ops.ok, and var.* / local.*. Its evaluation reports each
	// one's value (results.CheckResult.Values), in this order. Not in the
	// printout, which shows the condition itself.
	Reads []string `json:"-"`
	// Program is the compiled condition and error_message, for package
	// checks; nil when the check has no condition.
	Program any `json:"-"`
	// Window, when not 0, makes the check windowed: it is evaluated on
	// each Window of consecutive intervals of the run (a multiple of the
	// run's interval) by checks.Windows, not once over the whole
	// scenario. Abort stops the scenario at the first failing window.
	Window time.Duration `json:"window,omitempty"`
	Abort  bool          `json:"abort,omitempty"`
	Source Source        `json:"source"`
}

// Source is where something was written: the start of its range.
type Source struct {
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// String renders file:line:column; empty when the file is unknown.
func (s Source) String() string {
	if s.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", s.Filename, s.Line, s.Column)
}

// Direction is the way of a connection a network fault acts on, as the
// language spells it (faultkind.Directions). The plan keeps the word, not
// the proxy's type: a plan is data, and the runtime (engine/faults)
// translates it for netfault.
type Direction string

// The directions.
const (
	Upstream   Direction = "upstream"   // client to server
	Downstream Direction = "downstream" // server to client
	Both       Direction = "both"
)

// MarshalText writes the word, so that a plan's text and JSON print a
// direction the way the language spells it.
func (d Direction) MarshalText() ([]byte, error) { return []byte(d), nil }
