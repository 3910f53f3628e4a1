package netfault

import (
	"context"
	"net"
	"sync/atomic"
)

// link is one proxied connection: the accepted client, the dialed server
// and a pipe each way. Its mutable state (server, pipes, shut) is guarded by
// the proxy's mu.
type link struct {
	p      *Proxy
	client *net.TCPConn
	server *net.TCPConn
	up     *pipe // client -> server
	down   *pipe // server -> client
	isShut bool

	// Request turns, for the per-request reset. answered is set when the
	// server sent bytes since the client's last ones (and at the start):
	// the client's next bytes start a new request. requests and pastLogin
	// are touched only by the upstream pipe's goroutine.
	answered  atomic.Bool
	requests  int
	pastLogin bool // client bytes went by on the fast path, uncounted

	ctx    context.Context // canceled when the link is shut: stops the dial
	cancel context.CancelFunc
	done   chan struct{} // closed when the link is shut
}

func newLink(p *Proxy, client *net.TCPConn) *link {
	ctx, cancel := context.WithCancel(p.ctx)
	l := &link{p: p, client: client, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	l.answered.Store(true)
	return l
}

// run dials the target and forwards both ways until both are finished or
// the link is shut.
func (l *link) run() {
	p := l.p
	d := net.Dialer{Timeout: dialTimeout}
	c, err := d.DialContext(l.ctx, "tcp", p.target)
	if err != nil {
		l.shutCounted(true, &p.counters.dialFailed)
		return
	}
	server := c.(*net.TCPConn)

	p.mu.Lock()
	if l.isShut {
		p.mu.Unlock()
		rst(server)
		return
	}
	l.server = server
	l.up = newPipe(l, up, l.client, server)
	l.down = newPipe(l, down, server, l.client)
	p.mu.Unlock()

	upDone := make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(upDone)
		l.up.run()
	}()
	l.down.run()
	<-upDone
	l.shut(false)
}

// shut closes both connections, with an RST when reset is set (or a normal
// close otherwise), and wakes every goroutine waiting on the link. It
// reports whether this call shut the link (false if it already was). The
// link stops counting as Active here, not when its goroutine ends.
func (l *link) shut(reset bool) bool { return l.shutCounted(reset, nil) }

// shutCounted is shut that also adds one to tally when this call shuts the
// link. The count is made before either connection closes, so a client that
// has seen its RST also sees the counter that explains it in Stats.
func (l *link) shutCounted(reset bool, tally *atomic.Int64) bool {
	p := l.p
	p.mu.Lock()
	if l.isShut {
		p.mu.Unlock()
		return false
	}
	l.isShut = true
	server := l.server
	p.mu.Unlock()
	if tally != nil {
		tally.Add(1)
	}
	p.counters.active.Add(-1) // before the close, like tally

	l.cancel()
	close(l.done)
	closeConn(l.client, reset)
	if server != nil {
		closeConn(server, reset)
	}
	return true
}

func closeConn(c *net.TCPConn, reset bool) {
	if reset {
		rst(c)
		return
	}
	_ = c.Close() // nothing to do about a failed close of a finished conn
}
