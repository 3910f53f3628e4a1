// Package faultkind is the table of fault kinds: what each kind takes, which
// drivers run it, when it acts, where it acts and whether recovery_ms is
// measured from it. It is pure data, so that dsl (validation), compiler (the
// compiler), the runtime (engine/faults, engine), `plan` printing and
// the docs read the same definition. Adding a fault kind is a row here, its
// runtime action in engine/faults, and its row in docs/dsl.md; the tests of
// those packages fail until every piece exists.
package faultkind

import "strconv"

// Fault kinds, as written in `fault "KIND"`.
const (
	Latency   = "latency"
	Bandwidth = "bandwidth"
	Reset     = "reset"
	Outage    = "outage"
	Timeout   = "timeout" // connections stall: no data flows
	Terminate = "terminate"
	Pause     = "pause"
	Error     = "error"
	DNS       = "dns"
	ClosePool = "close_pool"
	Restart   = "restart" // the server process is stopped and started again
	Failover  = "failover"
)

// Type is the type of a fault attribute, with its bounds.
type Type int

const (
	// Offset is a duration from 0 to the longest run (after, jitter).
	Offset Type = iota + 1
	// Span is a duration above 0, at most the longest run (duration, delay).
	Span
	// Direction is one of Directions.
	Direction
	// Fraction is a number from 0 to 1.
	Fraction
	// Count is a whole number from Min to Max.
	Count
	// Bool is true or false.
	Bool
	// LoadName names a load of the same phase or scenario.
	LoadName
	// Mode is one of Modes (restart).
	Mode
	// Per is one of Pers (reset).
	Per
)

// Attr is one fault attribute.
type Attr struct {
	Name string
	Type Type
	// Min and Max bound a Count.
	Min, Max int64
	// Default is the value an unset attribute has, as written; "" when
	// unset means "not used" (or, for after and duration, the window
	// rules of the kind's Timing).
	Default string
}

// Directions are the values of a direction attribute.
var Directions = []string{"downstream", "upstream", "both"}

// Modes are the values of a restart fault's mode: "kill" (SIGKILL, a
// crash) or "fast" (a clean, fast shutdown).
var Modes = []string{"kill", "fast"}

// Pers are the values of a reset fault's per: what one draw of its
// probability decides. "connection" (the default): whether a new connection
// is reset right after it is accepted. "request": whether a request on an
// open connection is reset instead of being forwarded.
var Pers = []string{"connection", "request"}

// PerRequest is the per value of the per-request reset.
const PerRequest = "request"

// MaxSpareRequests bounds a reset fault's spare_requests.
const MaxSpareRequests = 1000

// DefaultDirection is where latency and bandwidth faults act by default: on
// bytes from the server to the client.
const DefaultDirection = "downstream"

// MaxKBps bounds a bandwidth fault.
const MaxKBps = 10000000

// Attrs are every fault attribute, in the order they are decoded and
// printed.
var Attrs = []Attr{
	{Name: "after", Type: Offset},
	{Name: "duration", Type: Span},
	{Name: "delay", Type: Span},
	{Name: "jitter", Type: Offset},
	{Name: "direction", Type: Direction, Default: DefaultDirection},
	{Name: "probability", Type: Fraction},
	{Name: "kbps", Type: Count, Min: 1, Max: MaxKBps},
	{Name: "idle_only", Type: Bool, Default: "false"},
	{Name: "load", Type: LoadName},
	{Name: "mode", Type: Mode},
	{Name: "down_for", Type: Offset, Default: "0s"},
	{Name: "per", Type: Per, Default: "connection"},
	{Name: "spare_requests", Type: Count, Min: 0, Max: MaxSpareRequests, Default: "0"},
}

// Example is a valid value of the attribute as a scenario writes it (for
// tests that go through every kind and attribute).
func (a Attr) Example() string {
	switch a.Type {
	case Offset, Span:
		return `"100ms"`
	case Direction:
		return `"both"`
	case Fraction:
		return "0.5"
	case Count:
		return strconv.FormatInt(max(a.Min, 1), 10) // not 0: a value the plan shows
	case Bool:
		return "true"
	case LoadName:
		return `"l"`
	case Mode:
		return `"kill"`
	case Per:
		return `"request"`
	}
	return ""
}

// AttrOf returns the attribute called name.
func AttrOf(name string) (Attr, bool) {
	for _, a := range Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// Timing is when a fault acts.
type Timing int

const (
	// Window faults act from after to after + duration, or to the end of
	// the phase without a duration.
	Window Timing = iota + 1
	// Instant faults act once, at after; they take no duration.
	Instant
	// Whole faults last for the whole scenario or phase; they take no after
	// or duration (the engine applies them when it opens the pool).
	Whole
)

// Layer is where a fault acts.
type Layer int

const (
	// Network faults are set on the in-process TCP proxy between the
	// driver and the server.
	Network Layer = iota + 1
	// Server faults ask the real server.
	Server
	// Client faults act in stressql, before any I/O.
	Client
)

// Kind is one fault kind.
type Kind struct {
	Name string
	// Attrs are the attributes the kind takes, after and duration
	// included; Required those it must have.
	Attrs    []string
	Required []string
	// Owned: the kind acts on a server process stressql started itself
	// (stressql run --ephemeral); against any other target the scenario
	// is refused before it runs.
	Owned bool
	// Capability is what a driver must support to run the kind; "" = every
	// driver can. Mechanism says how the drivers that can do it, and
	// Instead what to use elsewhere (for the diagnostic).
	Capability string
	Mechanism  string
	Instead    string
	Timing     Timing
	Layer      Layer
	// Recovery: recovery_ms is measured from the end of this fault.
	Recovery bool
	// Dangerous, when set, is why the scenario must set allow_dangerous.
	Dangerous string
	// DocAttrs and DocWhat are the "attributes" and "what really happens"
	// cells of docs/dsl.md's fault table.
	DocAttrs string
	DocWhat  string
}

// Kinds are the fault kinds, in the order the docs list them.
var Kinds = []Kind{
	{
		Name: Latency, Attrs: []string{"after", "duration", "delay", "jitter", "direction"}, Required: []string{"delay"},
		Timing: Window, Layer: Network,
		DocAttrs: "`delay` (required), `jitter`, `direction` (`downstream` default, `upstream`, `both`)",
		DocWhat:  "each chunk of bytes in the chosen direction is delivered `delay ± jitter` late; with the default one direction, a round trip gets `delay` longer",
	},
	{
		Name: Bandwidth, Attrs: []string{"after", "duration", "kbps", "direction"}, Required: []string{"kbps"},
		Timing: Window, Layer: Network,
		DocAttrs: "`kbps` (required, KB/s), `direction`",
		DocWhat:  "bytes flow at most this fast",
	},
	{
		Name: Reset, Attrs: []string{"after", "duration", "probability", "per", "spare_requests"}, Required: []string{"probability"},
		Timing: Window, Layer: Network,
		DocAttrs: "`probability` (required), `per` (`connection` default, `request`), `spare_requests` (with `per = \"request\"`; default 0)",
		DocWhat:  "per connection: that share of new connections is reset (RST) by the network layer right after accept. Per request: that share of the requests on open connections is not forwarded; the connection is reset both ways instead, so the driver sees `connection reset by peer` on an established connection and the pool must replace it. A request is a turn: the client's bytes until the server answers. The first `spare_requests` requests of each connection (its login: 3 for PostgreSQL with SCRAM) are never reset",
	},
	{
		Name: Outage, Attrs: []string{"after", "duration"}, Required: []string{"duration"},
		Timing: Window, Layer: Network, Recovery: true,
		DocAttrs: "`duration` (required)",
		DocWhat:  "open connections are cut, new ones refused, for the window: a server restart seen from the client",
	},
	{
		Name: Timeout, Attrs: []string{"after", "duration"},
		Timing: Window, Layer: Network,
		DocAttrs: "`duration`",
		DocWhat:  "connections stall: no data flows during the window",
	},
	{
		Name: Terminate, Attrs: []string{"after", "idle_only"},
		Capability: "terminate", Mechanism: "pg_terminate_backend / CLIENT KILL",
		Timing: Instant, Layer: Server, Recovery: true,
		DocAttrs: "`idle_only` (default false)",
		DocWhat:  "at `after`, the server kills this scenario's connections (`pg_terminate_backend` / `CLIENT KILL`). With `idle_only`, only connections idle in the pool (postgres: they are held aside while their backends are killed, so no iteration is handed one mid-kill)",
	},
	{
		Name: Pause, Attrs: []string{"after", "duration"}, Required: []string{"duration"},
		Capability: "pause", Mechanism: "Redis CLIENT PAUSE",
		Instead: `A "timeout" fault stalls connections on any driver.`,
		Timing:  Window, Layer: Server, Recovery: true,
		Dangerous: "A pause fault sends CLIENT PAUSE, which stalls every client of the server, not only this scenario's: other tenants of a shared Redis stop too. If this scenario really needs it, set allow_dangerous = true in the scenario.",
		DocAttrs:  "`duration` (required)",
		DocWhat:   "Redis `CLIENT PAUSE`: the server stalls every client for the window, other tenants' too, so the scenario must set `allow_dangerous = true`",
	},
	{
		Name: Error, Attrs: []string{"after", "duration", "probability", "load"}, Required: []string{"probability"},
		Timing: Window, Layer: Client,
		DocAttrs: "`probability` (required), `load` (default: all loads)",
		DocWhat:  "that share of iterations fails before any I/O, with kind `injected`",
	},
	{
		Name: DNS, Timing: Whole, Layer: Client,
		DocAttrs: "— (whole scenario/phase; no `after`/`duration`)",
		DocWhat:  "the pool dials a host name under `.invalid`, so resolution really fails",
	},
	{
		Name: ClosePool, Attrs: []string{"after"}, Timing: Instant, Layer: Client,
		DocAttrs: "— (instant, at `after`)",
		DocWhat:  "the pool is closed while iterations are in flight; `pool.close_ms` records how long the close took",
	},
	{
		Name: Restart, Attrs: []string{"after", "mode", "down_for"}, Required: []string{"mode"},
		Owned: true, Timing: Instant, Layer: Server, Recovery: true,
		DocAttrs: "`mode` (required: `kill` or `fast`), `down_for` (default `0s`)",
		DocWhat:  "at `after`, the server process is really stopped (`kill`: SIGKILL, a crash; `fast`: PostgreSQL fast shutdown / Redis SIGTERM without saving) and started again on the same port and data directory `down_for` later; only a server stressql started itself (`stressql run --ephemeral`), else the run is refused. `recovery_ms` runs from the server accepting logins again",
	},
	{
		Name: Failover, Attrs: []string{"after"},
		Capability: "failover", Mechanism: "Redis Sentinel SENTINEL FAILOVER",
		Timing: Instant, Layer: Server, Recovery: true,
		DocAttrs: "— (instant, at `after`; Redis Sentinel targets only)",
		DocWhat:  "at `after`, a sentinel is sent `SENTINEL FAILOVER <master>`: a replica is promoted for real. The fault's end is when a sentinel first names the new master; `recovery_ms` runs from then to the first success. Refused before the run against a target that is not `redis+sentinel://`",
	},
}

// Names lists the kinds' names in table order.
func Names() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = k.Name
	}
	return out
}

// byName indexes Kinds.
var byName = func() map[string]*Kind {
	m := make(map[string]*Kind, len(Kinds))
	for i := range Kinds {
		m[Kinds[i].Name] = &Kinds[i]
	}
	return m
}()

// Of returns the kind called name.
func Of(name string) (*Kind, bool) {
	k, ok := byName[name]
	return k, ok
}

// Takes reports whether the kind takes attribute name.
func (k *Kind) Takes(name string) bool {
	for _, a := range k.Attrs {
		if a == name {
			return true
		}
	}
	return false
}

// IsNetwork reports whether a fault of this kind name needs the network
// fault proxy.
func IsNetwork(name string) bool {
	k, ok := byName[name]
	return ok && k.Layer == Network
}

// Is reports whether a fault of this kind name has the given timing.
func Is(name string, t Timing) bool {
	k, ok := byName[name]
	return ok && k.Timing == t
}
