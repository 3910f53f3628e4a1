package netfault

import "fmt"

// Direction selects which way of a connection a fault applies to.
type Direction uint8

// Directions. Upstream is client to server, Downstream server to client.
const (
	Upstream   Direction = 1 << iota // client -> server
	Downstream                       // server -> client
	Both       = Upstream | Downstream
)

// ParseDirection reads the scenario spelling: "both" (or ""), "upstream",
// "downstream".
func ParseDirection(s string) (Direction, error) {
	switch s {
	case "", "both":
		return Both, nil
	case "upstream":
		return Upstream, nil
	case "downstream":
		return Downstream, nil
	}
	return 0, fmt.Errorf("netfault: unknown direction %q (want both, upstream or downstream)", s)
}

// String returns the scenario spelling.
func (d Direction) String() string {
	switch d {
	case Both:
		return "both"
	case Upstream:
		return "upstream"
	case Downstream:
		return "downstream"
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

// way indexes per-direction settings: 0 upstream, 1 downstream.
type way int

const (
	up   way = 0
	down way = 1
)

// ways lists the indexes a Direction covers.
func (d Direction) ways() []way {
	switch d {
	case Upstream:
		return []way{up}
	case Downstream:
		return []way{down}
	case Both:
		return []way{up, down}
	}
	return nil
}

// MarshalText writes the scenario spelling, for the plan's JSON.
func (d Direction) MarshalText() ([]byte, error) {
	switch d {
	case Upstream, Downstream, Both:
		return []byte(d.String()), nil
	}
	return nil, fmt.Errorf("netfault: no direction %d", uint8(d))
}
