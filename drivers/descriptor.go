package drivers

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Descriptor is everything the rest of the tool knows about one driver:
// each driver package declares one (postgres.Descriptor, redis.Descriptor)
// and drivers/registry lists them. dsl validates scenarios from its
// attribute and step tables, the compiler builds pool configurations with
// its hooks, `plan` and the docs print its attributes, the engine opens
// pools, names namespaces and probes targets through it, and the CLI
// builds its target flags from it. It holds plain data and Go functions:
// no HCL.
type Descriptor struct {
	// Name is what a scenario writes in driver = "...", the name of the
	// CLI's target flag (--NAME) and of the targets of a run's results.
	Name string
	// Title is the product name used in help texts ("PostgreSQL").
	Title string
	// Schemes are the URL schemes a target of the driver may use.
	Schemes []string
	// EnvVar names the environment variable of the target URL.
	EnvVar string
	// DefaultURL is the target used when neither the flag nor EnvVar is
	// set; DefaultPort is the port a target URL without one means.
	DefaultURL  string
	DefaultPort string

	// Pool lists the pool block's attributes, in the order `plan` prints
	// them; the first is Enabled.
	Pool []PoolAttr
	// Rules are the checks across pool attributes, run on the merged
	// pool (defaults, scenario, phase).
	Rules []PoolRule
	// Steps lists the driver's step kinds, in the order the docs list
	// them (sleep, which every driver has, is not among them).
	Steps []StepKind
	// Capabilities are the names of what the driver offers beyond the
	// common contract (see the Cap constants).
	Capabilities []string
	// PoolMetrics are the pool.* counters of the results the driver
	// measures beyond the gauges every pool has (total, idle and in-use
	// connections, warm-up and close times); the others are no data (nil in
	// results.Pool, null in JSON, "no data" to checks).
	PoolMetrics []string
	// Namespace is how the driver separates a scenario's writes.
	Namespace NamespaceKind
	// DangerousHelp says what allow_dangerous lets a scenario of the
	// driver do, for drivers with CapAllowDangerous.
	DangerousHelp string

	// NewConfig builds the driver's own pool configuration (what Open
	// takes) from the values of every attribute of Pool.
	NewConfig func(v Values) any
	// Open opens a pool of a configuration made by NewConfig.
	Open func(ctx context.Context, cfg any, env Env) (Pool, error)
	// Classify returns the error kind (one of results.ErrorKinds) of an
	// error an Op or Open returned; nil means drivers/errkind.Classify.
	// It is called for every failed iteration: it must not allocate.
	Classify func(err error) string
	// Preflight probes a target before a run (see PreflightRequest).
	Preflight func(ctx context.Context, req PreflightRequest) PreflightResult
	// NewCleaner connects to a target for `stressql clean`; nil when the
	// driver leaves nothing to clean.
	NewCleaner func(ctx context.Context, url string) (Cleaner, error)
}

// Capabilities a descriptor may list.
const (
	// CapAcquireWaits: WorkerState.Acquire tells how long an Op waited for a
	// connection.
	CapAcquireWaits = "acquire_waits"
	// CapServerConns: Pool.ServerConns counts the scenario's connections
	// as the server sees them.
	CapServerConns = "server_conns"
	// CapTerminate: Pool.Terminate ends server-side connections.
	CapTerminate = "terminate"
	// CapPause: Pool.Pause stalls the server's clients.
	CapPause = "pause"
	// CapFailover: the pool is a drivers.Failoverer (Redis Sentinel
	// targets; refused by the driver's Preflight for other targets).
	CapFailover = "failover"
	// CapAllowDangerous: allow_dangerous means something for the
	// driver's scenarios (it lifts a command policy).
	CapAllowDangerous = "allow_dangerous"
)

// Has reports whether the driver lists capability c.
func (d *Descriptor) Has(c string) bool { return slices.Contains(d.Capabilities, c) }

// NamespaceKind is how a driver separates what scenarios write.
type NamespaceKind int

const (
	// NamespaceSchema: a database schema, "stressql_<run>_<n>".
	NamespaceSchema NamespaceKind = iota
	// NamespaceKeyPrefix: a key prefix, "stressql:<run>:<n>:".
	NamespaceKeyPrefix
)

// AttrType is the type of a pool attribute.
type AttrType string

// Attribute types, named as the docs name them.
const (
	TypeBool     AttrType = "bool"     // Default is a bool
	TypeCount    AttrType = "number"   // whole number in [Min, Max]; Default is an int64
	TypeDuration AttrType = "duration" // Default is a time.Duration
	TypeEnum     AttrType = "string"   // one of Enum; Default is a string
)

// PoolAttr is one attribute of a driver's pool block.
type PoolAttr struct {
	Name    string
	Type    AttrType
	Default any
	// Min and Max bound a count.
	Min, Max int64
	// Positive refuses a zero duration.
	Positive bool
	// Enum lists the values of an enum; EnumSummary is the diagnostic's
	// summary for another value ("Invalid tls mode").
	Enum        []string
	EnumSummary string
	// Meaning is a neutral name shared by the attributes of different
	// drivers that mean the same ("max_conns" for pool_size), so that
	// validation can point at a driver's equivalent of another's setting
	// and the engine can read a pool's size whatever the driver.
	Meaning     string
	Description string
}

// Meanings the engine and the compiler read.
const (
	// MeaningEnabled is the pool's on/off switch (a bool).
	MeaningEnabled = "enabled"
	// MeaningMaxConns is the most connections the pool opens (a count).
	MeaningMaxConns = "max_conns"
	// MeaningMinConns is how many connections the pool keeps open and
	// opens before the run starts (a count); pool.warmup_ms is no data
	// when it is 0.
	MeaningMinConns = "min_conns"
)

// EnabledAttr is the first attribute of every pool.
var EnabledAttr = PoolAttr{Name: "enabled", Type: TypeBool, Default: true, Meaning: MeaningEnabled,
	Description: "`false`: one new connection per iteration"}

// PoolRule is a check across pool attributes.
type PoolRule struct {
	// Subject lists the attributes a violation points at: the first of
	// them set in the most specific pool block.
	Subject []string
	// Check returns "" when v holds together, else the diagnostic's
	// detail (a full sentence saying how to fix it).
	Check func(v Values) string
}

// StepKind is one kind of step a driver runs.
type StepKind struct {
	Name string
	// Attrs are the step's attributes, among "sql", "args",
	// "statements", "duration", "key", "value" and "ttl" (the fields of
	// Step); Required those that must be set.
	Attrs, Required []string
	// Timed: the step lasts its Duration and does nothing else, so an
	// expected duration can count it.
	Timed bool
	// HoldsConn: the step holds a pool connection while it lasts.
	HoldsConn bool
	// Preflight: the preflight gets the step's arguments as sample
	// commands (PreflightRequest.Commands).
	Preflight bool
	// CheckArgs, when set, checks the step's args before the run: the
	// constant ones have their value. It returns nil when they are fine.
	CheckArgs func(args []StepArg, allowDangerous bool) *ArgProblem
}

// StepArg is one element of a step's args as CheckArgs sees it.
type StepArg struct {
	Value string
	Const bool // Value is known (it does not read iteration or worker)
}

// ArgProblem is what CheckArgs found.
type ArgProblem struct {
	// Index is the element of args at fault; -1 for args as a whole.
	Index           int
	Summary, Detail string
	// Liftable: allow_dangerous = true would accept it (CheckArgs has
	// already accepted it when the scenario sets it).
	Liftable bool
}

// Step returns the driver's step kind name, nil if it has none.
func (d *Descriptor) Step(name string) *StepKind {
	for i := range d.Steps {
		if d.Steps[i].Name == name {
			return &d.Steps[i]
		}
	}
	return nil
}

// Attr returns the pool attribute name, nil if the driver has none.
func (d *Descriptor) Attr(name string) *PoolAttr {
	for i := range d.Pool {
		if d.Pool[i].Name == name {
			return &d.Pool[i]
		}
	}
	return nil
}

// AttrMeaning returns the pool attribute of meaning m, nil if none.
func (d *Descriptor) AttrMeaning(m string) *PoolAttr {
	if m == "" {
		return nil
	}
	for i := range d.Pool {
		if d.Pool[i].Meaning == m {
			return &d.Pool[i]
		}
	}
	return nil
}

// Value is one pool attribute's value: a bool, an int64, a time.Duration
// or a string, as its AttrType says.
type Value struct {
	Name string
	Val  any
}

// Values are the values of a pool's attributes, in the descriptor's order.
type Values []Value

// Get returns the value of attribute name.
func (v Values) Get(name string) (any, bool) {
	for _, x := range v {
		if x.Name == name {
			return x.Val, true
		}
	}
	return nil, false
}

// Set replaces the value of attribute name, or appends it.
func (v *Values) Set(name string, val any) {
	for i := range *v {
		if (*v)[i].Name == name {
			(*v)[i].Val = val
			return
		}
	}
	*v = append(*v, Value{name, val})
}

// Int is the value of a count (0 when unset).
func (v Values) Int(name string) int64 { x, _ := v.Get(name); n, _ := x.(int64); return n }

// Bool is the value of a bool (false when unset).
func (v Values) Bool(name string) bool { x, _ := v.Get(name); b, _ := x.(bool); return b }

// Duration is the value of a duration (0 when unset).
func (v Values) Duration(name string) time.Duration {
	x, _ := v.Get(name)
	d, _ := x.(time.Duration)
	return d
}

// String is the value of an enum ("" when unset).
func (v Values) String(name string) string { x, _ := v.Get(name); s, _ := x.(string); return s }

// Defaults returns every pool attribute at its default.
func (d *Descriptor) Defaults() Values { return DefaultsOf(d.Pool) }

// DefaultsOf returns every attribute of attrs at its default.
func DefaultsOf(attrs []PoolAttr) Values {
	out := make(Values, len(attrs))
	for i, a := range attrs {
		out[i] = Value{a.Name, a.Default}
	}
	return out
}

// DefaultConfig is the pool configuration of the defaults.
func (d *Descriptor) DefaultConfig() any { return d.NewConfig(d.Defaults()) }

// Validate reports a descriptor that contradicts itself: a default of the
// wrong type or out of its range, a step attribute the engine does not
// know. drivers/registry checks every descriptor it lists.
func (d *Descriptor) Validate() error {
	if d.Name == "" || d.NewConfig == nil || d.Open == nil {
		return fmt.Errorf("driver %q: a descriptor needs a Name, NewConfig and Open", d.Name)
	}
	if len(d.Pool) == 0 || d.Pool[0].Meaning != MeaningEnabled {
		return fmt.Errorf("driver %q: the first pool attribute must be enabled", d.Name)
	}
	for _, a := range d.Pool {
		ok := false
		switch a.Type {
		case TypeBool:
			_, ok = a.Default.(bool)
		case TypeCount:
			n, isInt := a.Default.(int64)
			ok = isInt && n >= a.Min && n <= a.Max
		case TypeDuration:
			x, isDur := a.Default.(time.Duration)
			ok = isDur && x >= 0 && (x > 0 || !a.Positive)
		case TypeEnum:
			s, isStr := a.Default.(string)
			ok = isStr && slices.Contains(a.Enum, s)
		}
		if !ok {
			return fmt.Errorf("driver %q: pool attribute %s: default %v does not fit its type %s", d.Name, a.Name, a.Default, a.Type)
		}
	}
	for _, s := range d.Steps {
		for _, at := range s.Attrs {
			if !slices.Contains(StepAttrs, at) {
				return fmt.Errorf("driver %q: step %s: unknown attribute %q", d.Name, s.Name, at)
			}
		}
	}
	return nil
}

// StepAttrs are the attributes a step kind may take (the fields of Step).
var StepAttrs = []string{"sql", "args", "statements", "duration", "key", "value", "ttl"}

// StepSleep is the step every driver has; the engine runs it.
const StepSleep = "sleep"

// Registry is the list of drivers a run knows (drivers/registry.Default
// is the tool's).
type Registry struct {
	list []*Descriptor
}

// NewRegistry lists ds, in order; it panics on a descriptor that fails
// Validate or a name listed twice (a programming error).
func NewRegistry(ds ...*Descriptor) *Registry {
	r := &Registry{}
	for _, d := range ds {
		r = r.With(d)
	}
	return r
}

// With returns a new registry with d after r's drivers; r is unchanged.
func (r *Registry) With(d *Descriptor) *Registry {
	if err := d.Validate(); err != nil {
		panic(err)
	}
	if r.Lookup(d.Name) != nil {
		panic(fmt.Sprintf("driver %q registered twice", d.Name))
	}
	return &Registry{list: append(slices.Clip(r.All()), d)}
}

// All lists the drivers, in registration order.
func (r *Registry) All() []*Descriptor {
	if r == nil {
		return nil
	}
	return r.list
}

// Names lists the drivers' names, in registration order.
func (r *Registry) Names() []string {
	var out []string
	for _, d := range r.All() {
		out = append(out, d.Name)
	}
	return out
}

// Lookup returns the driver name, nil if r has none.
func (r *Registry) Lookup(name string) *Descriptor {
	for _, d := range r.All() {
		if d.Name == name {
			return d
		}
	}
	return nil
}
