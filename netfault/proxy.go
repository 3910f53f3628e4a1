package netfault

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by EndOutage after Close.
var ErrClosed = errors.New("netfault: proxy closed")

// Proxy forwards TCP connections from a 127.0.0.1 listener to a target and
// injects the faults set on it. All methods are safe for concurrent use.
type Proxy struct {
	target string
	addr   string

	randMu sync.Mutex // guards rand
	rand   *rand.Rand

	faults atomic.Pointer[faults]
	setMu  sync.Mutex // serializes fault updates (and so the kicks)
	outMu  sync.Mutex // serializes StartOutage/EndOutage

	mu     sync.Mutex // guards the fields below and every link's state
	ln     *net.TCPListener
	links  map[*link]struct{}
	outage bool
	closed bool

	ctx    context.Context // canceled by Close: stops dials and retries
	cancel context.CancelFunc
	wg     sync.WaitGroup // every goroutine the proxy started

	counters counters
}

// Listen starts a proxy on 127.0.0.1 (a free port) forwarding to target, a
// host:port such as 127.0.0.1:5432. No fault is active until one is set.
func Listen(target string, opts ...Option) (*Proxy, error) {
	if _, _, err := net.SplitHostPort(target); err != nil {
		return nil, fmt.Errorf("netfault: target %q: %w", target, err)
	}
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	ln, err := listenLoopback(target)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Proxy{
		target: target,
		addr:   ln.Addr().String(),
		rand:   o.rand,
		ln:     ln,
		links:  make(map[*link]struct{}),
		ctx:    ctx,
		cancel: cancel,
	}
	p.faults.Store(&faults{changed: make(chan struct{})})
	p.wg.Add(1)
	go p.acceptLoop(ln)
	return p, nil
}

// Addr is the host:port clients dial instead of the target. It stays the
// same across outages.
func (p *Proxy) Addr() string { return p.addr }

// Close stops listening, closes every connection and waits for all the
// proxy's goroutines to end. It is idempotent; Stats still works after it.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		p.wg.Wait()
		return nil
	}
	p.closed = true
	ln := p.ln
	p.ln = nil
	links := p.linksLocked()
	p.mu.Unlock()

	p.cancel()
	var err error
	if ln != nil {
		if cerr := ln.Close(); cerr != nil {
			err = fmt.Errorf("netfault: close listener %s: %w", p.addr, cerr)
		}
	}
	for _, l := range links {
		l.shut(false)
	}
	p.wg.Wait()
	return err
}

// acceptLoop serves ln until it is closed (outage or Close).
func (p *Proxy) acceptLoop(ln *net.TCPListener) {
	defer p.wg.Done()
	for {
		c, err := ln.AcceptTCP()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Transient (e.g. out of file descriptors): back off a little.
			select {
			case <-time.After(10 * time.Millisecond):
				continue
			case <-p.ctx.Done():
				return
			}
		}
		p.counters.accepted.Add(1)
		p.wg.Add(1)
		go p.serve(c)
	}
}

// serve handles one accepted client connection to its end.
func (p *Proxy) serve(client *net.TCPConn) {
	defer p.wg.Done()
	if p.resetNext(p.current()) {
		p.counters.reset.Add(1)
		rst(client)
		return
	}
	l := newLink(p, client)
	if !p.register(l) {
		// Accepted just before an outage or Close took the listener away.
		p.counters.cut.Add(1)
		rst(client)
		return
	}
	defer p.unregister(l)
	l.run()
}

// register adds l to the open links unless an outage or Close is on.
func (p *Proxy) register(l *link) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.outage || p.closed {
		return false
	}
	p.links[l] = struct{}{}
	p.counters.active.Add(1)
	return true
}

func (p *Proxy) unregister(l *link) {
	p.mu.Lock()
	delete(p.links, l)
	p.mu.Unlock()
}

// linksLocked copies the open links; p.mu must be held.
func (p *Proxy) linksLocked() []*link {
	links := make([]*link, 0, len(p.links))
	for l := range p.links {
		links = append(links, l)
	}
	return links
}

// listenLoopback listens on a free 127.0.0.1 port other than target's (a
// proxy forwarding to itself would loop).
func listenLoopback(target string) (*net.TCPListener, error) {
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("netfault: listen on 127.0.0.1: %w", err)
	}
	if ln.Addr().String() != target {
		return ln, nil
	}
	// Hold the port so that the second try gets another one.
	defer ln.Close()
	again, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("netfault: listen on 127.0.0.1: %w", err)
	}
	return again, nil
}

// rst closes c with SO_LINGER 0 so the peer gets a real RST. Errors are
// ignored: c may already be closed, and there is nothing more to do.
func rst(c *net.TCPConn) {
	_ = c.SetLinger(0)
	_ = c.Close()
}
