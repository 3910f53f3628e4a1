package netfault

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
	// kicked is non-nil while a past read deadline is set on src; it is
	// closed once run has taken the next path (or ended).
	kicked chan struct{}

	next time.Time // bandwidth pacing: earliest start of the next write (writer only)
}

func newPipe(l *link, w way, src, dst *net.TCPConn) *pipe {
	return &pipe{l: l, w: w, src: src, dst: dst}
}

// kick interrupts the running path if f moves this direction to the other
// one. It returns a channel closed once the pipe has taken its next path,
// or nil when there is nothing to wait for.
func (pp *pipe) kick(f *faults) <-chan struct{} {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pp.kicked != nil {
		return pp.kicked // the next path reads the newest faults anyway
	}
	if !pp.running || f.slow(pp.w) == pp.slow {
		return nil
	}
	pp.kicked = make(chan struct{})
	// An error means src is closed; run is ending anyway.
	_ = pp.src.SetReadDeadline(longAgo)
	return pp.kicked
}

// settle marks the pipe between paths and releases a waiting kick; it is
// called whenever run stops for good.
func (pp *pipe) settle() {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	pp.running = false
	pp.releaseKick()
}

// releaseKick wakes whoever waits on a pending kick; pp.mu must be held.
func (pp *pipe) releaseKick() {
	if pp.kicked != nil {
		close(pp.kicked)
		pp.kicked = nil
	}
}

// run forwards until src ends (then it half-closes dst) or the link breaks
// (then it shuts the link with an RST so the other side sees the failure).
func (pp *pipe) run() {
	defer pp.settle()
	for {
		pp.mu.Lock()
		if pp.kicked != nil {
			_ = pp.src.SetReadDeadline(time.Time{}) // fails only if src is closed: the read below reports it
			pp.releaseKick()
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
		if n > 0 && pp.w == up {
			pp.l.pastLogin = true // requests went by uncounted
		}
		if err != nil {
			return err
		}
	}
}
