package netfault

import "time"

// faults is an immutable snapshot of the active faults. A setter builds a
// new snapshot, publishes it, then closes the old one's changed channel, so
// a goroutine holding a snapshot can wait for it to become stale.
type faults struct {
	delay  [2]time.Duration
	jitter [2]time.Duration
	kbps   [2]int64
	resetP float64
	// resetReqP and spareReqs are the per-request reset: the share of
	// requests on open connections that are reset, and how many requests
	// at the start of each connection are spared (its login).
	resetReqP float64
	spareReqs int
	stall     bool
	// changed is closed when a newer snapshot replaces this one.
	changed chan struct{}
}

// slow reports whether bytes going way w need the buffered slow path.
// The per-request reset needs it both ways: upstream to see each request
// before it is forwarded, downstream to see where one request's answer
// ends the turn.
func (f *faults) slow(w way) bool {
	return f.stall || f.resetReqP > 0 || f.delay[w] > 0 || f.jitter[w] > 0 || f.kbps[w] > 0
}

// SetLatency delays every chunk of bytes going the chosen way by delay ±
// jitter (uniform, never below zero). The delay adds up per direction: on
// Both, a request/response round trip takes about 2×delay longer. Zero delay
// and jitter remove the latency from those directions.
func (p *Proxy) SetLatency(delay, jitter time.Duration, dir Direction) {
	p.update(func(f *faults) {
		for _, w := range dir.ways() {
			f.delay[w] = max(delay, 0)
			f.jitter[w] = max(jitter, 0)
		}
	})
}

// SetBandwidth caps the chosen directions at kbps KB/s (1 KB = 1000 bytes).
// kbps <= 0 removes the cap.
func (p *Proxy) SetBandwidth(kbps int64, dir Direction) {
	p.update(func(f *faults) {
		for _, w := range dir.ways() {
			f.kbps[w] = max(kbps, 0)
		}
	})
}

// SetReset makes the given share (0..1) of new connections be reset (RST)
// right after accept, before any byte is forwarded. Open connections are not
// affected.
func (p *Proxy) SetReset(probability float64) {
	p.update(func(f *faults) {
		f.resetP = min(max(probability, 0), 1)
	})
}

// SetResetRequests makes the given share (0..1) of requests on open
// connections be reset: the proxy, instead of forwarding the request to the
// server, closes the connection with an RST both ways, so the client's read
// of the answer (or its next write) fails with "connection reset by peer"
// and the server sees its client vanish. A request is a turn of the
// conversation: the bytes the client sends before the server answers (a
// request split across reads, or several pipelined ones, is one turn). The
// first spare requests of every connection are never reset: they are its
// login (3 for PostgreSQL with SCRAM and sslmode=disable: the startup
// message and two SASL messages), so that new connections open normally
// and only established ones fail. A connection already carrying traffic
// when the fault starts counts as past its login. Probability 0 removes
// the fault. New connections are not affected by this (see SetReset).
func (p *Proxy) SetResetRequests(probability float64, spare int) {
	p.update(func(f *faults) {
		f.resetReqP = min(max(probability, 0), 1)
		f.spareReqs = max(spare, 0)
	})
}

// SetStall stops (on) or resumes (off) the flow of data both ways on every
// connection, open or new. Connections stay open; data read while stalled is
// held and delivered when the stall ends.
func (p *Proxy) SetStall(on bool) {
	p.update(func(f *faults) {
		f.stall = on
	})
}

// Clear removes latency, bandwidth, both resets and stall. An outage is ended only
// by EndOutage, which can fail and so reports an error.
func (p *Proxy) Clear() {
	p.update(func(f *faults) {
		*f = faults{}
	})
}

// current returns the active snapshot.
func (p *Proxy) current() *faults {
	return p.faults.Load()
}

// update publishes a modified copy of the current snapshot and moves every
// open connection whose path (fast or slow) changes. It returns once the
// connections that need the slow path have taken it (see awaitSwitches).
func (p *Proxy) update(change func(*faults)) {
	p.setMu.Lock()
	defer p.setMu.Unlock()
	old := p.faults.Load()
	next := *old
	change(&next)
	next.changed = make(chan struct{})
	p.faults.Store(&next)
	close(old.changed)

	p.mu.Lock()
	pipes := make([]*pipe, 0, 2*len(p.links))
	for l := range p.links {
		if l.up != nil { // nil while the link is still dialing
			pipes = append(pipes, l.up, l.down)
		}
	}
	p.mu.Unlock()
	var moving []<-chan struct{}
	for _, pp := range pipes {
		if ack := pp.kick(&next); ack != nil && next.slow(pp.w) {
			moving = append(moving, ack)
		}
	}
	p.awaitSwitches(moving)
}

// switchWait bounds how long a fault change waits for open connections to
// take the slow path. A pipe leaves the fast path within microseconds unless
// it is blocked writing to a peer that does not read.
const switchWait = time.Second

// awaitSwitches waits until every pipe in acks has taken the slow path, so
// that bytes sent after SetLatency (or any fault that needs the slow path)
// returns go through the new faults: a fast path woken by its deadline just
// as data arrives would otherwise forward that data undelayed. Moving back
// to the fast path is not waited for: bytes already on the slow path are in
// flight, as on a real network.
func (p *Proxy) awaitSwitches(acks []<-chan struct{}) {
	if len(acks) == 0 {
		return
	}
	bound := time.NewTimer(switchWait)
	defer bound.Stop()
	for _, ack := range acks {
		select {
		case <-ack:
		case <-bound.C:
			return
		case <-p.ctx.Done():
			return
		}
	}
}

// due stamps a chunk read now going way w.
func (p *Proxy) due(f *faults, w way, now time.Time) time.Time {
	d := f.delay[w]
	if j := f.jitter[w]; j > 0 {
		p.randMu.Lock()
		d += time.Duration(p.rand.Int64N(int64(2*j)+1)) - j
		p.randMu.Unlock()
		d = max(d, 0)
	}
	return now.Add(d)
}

// resetNext decides whether the connection just accepted is reset.
func (p *Proxy) resetNext(f *faults) bool {
	if f.resetP <= 0 {
		return false
	}
	if f.resetP >= 1 {
		return true
	}
	p.randMu.Lock()
	defer p.randMu.Unlock()
	return p.rand.Float64() < f.resetP
}

// resetRequest decides whether the request starting now on link l is reset.
func (p *Proxy) resetRequest(f *faults, l *link) bool {
	l.requests++
	if f.resetReqP <= 0 || (!l.pastLogin && l.requests <= f.spareReqs) {
		return false
	}
	if f.resetReqP >= 1 {
		return true
	}
	p.randMu.Lock()
	defer p.randMu.Unlock()
	return p.rand.Float64() < f.resetReqP
}
