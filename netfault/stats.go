package netfault

import "sync/atomic"

// Stats are the proxy's cumulative counters since Listen, plus Active.
//
// Connections refused during an outage are not counted here: the kernel
// refuses them because nothing listens, and the proxy never sees them. The
// client counts them (its connect fails with ECONNREFUSED).
type Stats struct {
	Accepted int64 `json:"accepted"` // client connections accepted
	Reset    int64 `json:"reset"`    // reset on accept by the reset fault
	// ResetRequests counts open connections reset on a request by the
	// per-request reset (SetResetRequests).
	ResetRequests int64 `json:"reset_requests"`
	Cut           int64 `json:"cut"`         // open connections cut by an outage
	DialFailed    int64 `json:"dial_failed"` // clients reset because the target could not be reached
	// BytesUp and BytesDown count bytes delivered client->server and
	// server->client. On the fast path they are added per 32 KiB spliced
	// or when a copy ends, so they may lag by that much per connection.
	BytesUp   int64 `json:"bytes_up"`
	BytesDown int64 `json:"bytes_down"`
	Active    int64 `json:"active"` // connections open now
}

// counters are the live values behind Stats.
type counters struct {
	accepted, reset, cut, dialFailed atomic.Int64
	resetRequests                    atomic.Int64
	bytes                            [2]atomic.Int64 // by way
	active                           atomic.Int64
	switches                         atomic.Int64 // path switches (fast<->slow), for tests
}

// Stats samples the counters; cheap and safe at any time, also after Close.
func (p *Proxy) Stats() Stats {
	c := &p.counters
	return Stats{
		Accepted:      c.accepted.Load(),
		Reset:         c.reset.Load(),
		ResetRequests: c.resetRequests.Load(),
		Cut:           c.cut.Load(),
		DialFailed:    c.dialFailed.Load(),
		BytesUp:       c.bytes[up].Load(),
		BytesDown:     c.bytes[down].Load(),
		Active:        c.active.Load(),
	}
}
