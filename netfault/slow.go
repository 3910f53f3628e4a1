package netfault

import (
	"errors"
	"io"
	"os"
	"sync"
	"time"
)

const (
	// slowChunk is the read size on the slow path.
	slowChunk = 32 << 10
	// queueLen bounds the chunks in flight per direction (read, not yet
	// delivered); a full queue stops reading, which pushes back on the
	// sender like a full network buffer.
	queueLen = 64
	// pacingSlice is the share of a second one bandwidth-capped write
	// carries, so the cap is smooth rather than bursty.
	pacingSlice = 50 // 20 ms
)

// errShut reports that the link was shut while a chunk waited.
var errShut = errors.New("netfault: connection shut")

var bufPool = sync.Pool{New: func() any { b := make([]byte, slowChunk); return &b }}

// chunk is bytes read from src, to be delivered at due.
type chunk struct {
	buf *[]byte
	n   int
	due time.Time
}

// copySlow runs the slow path: this goroutine reads src and stamps each
// chunk with its due time; a writer goroutine delivers the chunks in order,
// each at its due time, honouring stall and bandwidth. Both sides stream, so
// a delay does not cap throughput at one chunk per delay. It returns when the
// reader stops (io.EOF, a kick's deadline error, or a failure) and the
// writer has delivered what was read.
func (pp *pipe) copySlow() error {
	p := pp.l.p
	q := make(chan chunk, queueLen)
	werr := make(chan error, 1)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		werr <- pp.deliver(q)
	}()

	if pp.w == down {
		// What the server sent on the fast path is unknown: let the
		// client's next bytes start a request.
		pp.l.answered.Store(true)
	}
	var rerr error
	for rerr == nil {
		b := bufPool.Get().(*[]byte)
		n, err := pp.src.Read(*b)
		switch {
		case n == 0:
			bufPool.Put(b)
		case pp.w == down:
			pp.l.answered.Store(true)
		case pp.l.answered.Swap(false) && p.resetRequest(p.current(), pp.l):
			// The request is not forwarded: the connection is reset
			// both ways instead.
			bufPool.Put(b)
			pp.l.shutCounted(true, &p.counters.resetRequests)
			n, err = 0, errShut
		}
		if n > 0 {
			c := chunk{buf: b, n: n, due: p.due(p.current(), pp.w, time.Now())}
			select {
			case q <- c:
			case <-pp.l.done:
				err = errShut
			}
		}
		rerr = err
	}
	if !errors.Is(rerr, io.EOF) && !errors.Is(rerr, os.ErrDeadlineExceeded) {
		// A broken connection drops what is in flight, as a network does.
		pp.l.shut(true)
	}
	close(q)
	if err := <-werr; err != nil {
		return err
	}
	return rerr
}

// deliver writes the chunks of q to dst, each no earlier than its due time.
func (pp *pipe) deliver(q <-chan chunk) error {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for c := range q {
		err := pp.waitUntil(c.due, t)
		if err == nil {
			err = pp.send((*c.buf)[:c.n], t)
		}
		bufPool.Put(c.buf)
		if err != nil {
			pp.l.shut(true) // unblocks the reader
			return err
		}
	}
	return nil
}

// waitUntil blocks until at (zero: no wait) has passed and no stall is on.
func (pp *pipe) waitUntil(at time.Time, t *time.Timer) error {
	for {
		f := pp.l.p.current()
		if f.stall {
			select {
			case <-f.changed:
				continue
			case <-pp.l.done:
				return errShut
			}
		}
		d := time.Until(at)
		if d <= 0 {
			return nil
		}
		t.Reset(d)
		select {
		case <-t.C:
		case <-f.changed: // a stall may have started
		case <-pp.l.done:
			return errShut
		}
		t.Stop()
	}
}

// send writes b to dst, in paced slices when a bandwidth cap is on.
func (pp *pipe) send(b []byte, t *time.Timer) error {
	bytes := &pp.l.p.counters.bytes[pp.w]
	for len(b) > 0 {
		if err := pp.waitUntil(pp.next, t); err != nil {
			return err
		}
		rate := pp.l.p.current().kbps[pp.w] * 1000 // bytes per second
		n := len(b)
		if rate > 0 {
			n = min(n, int(max(rate/pacingSlice, 1)))
		}
		start := time.Now()
		w, err := pp.dst.Write(b[:n])
		bytes.Add(int64(w))
		if err != nil {
			return err
		}
		if rate > 0 {
			pp.next = later(pp.next, start).Add(time.Duration(int64(n) * int64(time.Second) / rate))
		} else {
			pp.next = time.Time{}
		}
		b = b[n:]
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
