package netfault

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"time"
)

// relistenFor bounds how long EndOutage retries to bind the old address.
const relistenFor = 2 * time.Second

// StartOutage makes the target unreachable: the listener is closed, so new
// connects fail with ECONNREFUSED, and every open connection is cut with an
// RST. It does nothing during an outage or after Close.
func (p *Proxy) StartOutage() {
	p.outMu.Lock()
	defer p.outMu.Unlock()
	p.mu.Lock()
	if p.closed || p.outage {
		p.mu.Unlock()
		return
	}
	p.outage = true
	ln := p.ln
	p.ln = nil
	links := p.linksLocked()
	p.mu.Unlock()

	// The error is moot: the listener is gone either way and the accept
	// loop ends on net.ErrClosed.
	_ = ln.Close()
	for _, l := range links {
		l.shutCounted(true, &p.counters.cut)
	}
}

// EndOutage listens again on the same address, retrying briefly if the port
// is still held. It does nothing when no outage is on, and returns ErrClosed
// after Close.
func (p *Proxy) EndOutage() error {
	p.outMu.Lock()
	defer p.outMu.Unlock()
	p.mu.Lock()
	closed, outage := p.closed, p.outage
	p.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if !outage {
		return nil
	}
	ln, err := p.relisten()
	if err != nil {
		return fmt.Errorf("netfault: listen again on %s after outage: %w", p.addr, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		_ = ln.Close() // Close won the race; nothing is served on ln
		return ErrClosed
	}
	p.ln = ln
	p.outage = false
	p.wg.Add(1)
	go p.acceptLoop(ln)
	return nil
}

// relisten binds p.addr again, retrying while the address is in use.
func (p *Proxy) relisten() (*net.TCPListener, error) {
	addr, err := net.ResolveTCPAddr("tcp", p.addr)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(relistenFor)
	for {
		ln, err := net.ListenTCP("tcp", addr)
		if err == nil {
			return ln, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			return nil, err
		}
		select {
		case <-time.After(20 * time.Millisecond):
		case <-p.ctx.Done():
			return nil, ErrClosed
		}
	}
}
