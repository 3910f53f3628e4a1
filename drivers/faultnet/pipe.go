package faultnet

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// fastChunk is how much the fast path splices per io.CopyN call, so the byte
// counters move during long transfers.
const fastChunk = 32 << 10

// longAgo is a read deadline in the past: it makes a blocked read return at
// once, without consuming data.
var longAgo = time.Unix(1, 0)

// pipe forwards one direction of a link. It runs either the fast path
// (io.Copy, splice) or the slow path (reader and delayed writer) and
// switches between them when a fault change concerns its direction: kick
// sets a past read deadline on src, which makes the current path return
// without losing data, and run starts over with the new faults.
type pipe struct {
	l        *link
	w        way
	src, dst *net.TCPConn

	mu      sync.Mutex
	running bool // a path is running; slow says which
	slow    bool
	kicked  bool // a past read deadline is set on src

	next time.Time // bandwidth pacing: earliest start of the next write (writer only)
}

func newPipe(l *link, w way, src, dst *net.TCPConn) *pipe {
	return &pipe{l: l, w: w, src: src, dst: dst}
}

// kick interrupts the running path if f moves this direction to the other
// one.
func (pp *pipe) kick(f *faults) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pp.running && !pp.kicked && f.slow(pp.w) != pp.slow {
		pp.kicked = true
		// An error means src is closed; run is ending anyway.
		_ = pp.src.SetReadDeadline(longAgo)
	}
}

// run forwards until src ends (then it half-closes dst) or the link breaks
// (then it shuts the link with an RST so the other side sees the failure).
func (pp *pipe) run() {
	for {
		pp.mu.Lock()
		if pp.kicked {
			pp.kicked = false
			_ = pp.src.SetReadDeadline(time.Time{}) // fails only if src is closed: the read below reports it
		}
		pp.slow = pp.l.p.current().slow(pp.w)
		pp.running = true
		slow := pp.slow
		pp.mu.Unlock()

		var err error
		if slow {
			err = pp.copySlow()
		} else {
			err = pp.copyFast()
		}

		pp.mu.Lock()
		pp.running = false
		pp.mu.Unlock()

		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			pp.l.p.counters.switches.Add(1)
			continue // kicked: take the other path
		case errors.Is(err, io.EOF):
			// The peer finished sending: pass the FIN on. An error means
			// dst is gone, which the other direction will find out.
			_ = pp.dst.CloseWrite()
			return
		default:
			pp.l.shut(true)
			return
		}
	}
}

// copyFast splices src to dst until EOF (io.EOF), a kick (deadline error) or
// a failure.
func (pp *pipe) copyFast() error {
	bytes := &pp.l.p.counters.bytes[pp.w]
	for {
		n, err := io.CopyN(pp.dst, pp.src, fastChunk)
		bytes.Add(n)
		if err != nil {
			return err
		}
	}
}
