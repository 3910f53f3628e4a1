package drivers

import "errors"

// Errors the drivers and the engine return so that errkind can classify a
// failure without parsing messages.
var (
	// ErrAcquireTimeout wraps a failure to get a pool connection within
	// the acquire deadline (pool acquire_timeout, or the iteration's own
	// deadline while it was still waiting for a connection).
	ErrAcquireTimeout = errors.New("timed out waiting for a pool connection")
	// ErrInjected is what the engine returns for the `error` fault: an
	// iteration that fails client-side before any I/O.
	ErrInjected = errors.New("injected failure")
	// ErrTLSHandshake wraps a TLS handshake that did not complete, for
	// whatever reason (a plain-text server that never answers the
	// ClientHello ends in the dial deadline): the kind is tls.
	ErrTLSHandshake = errors.New("TLS handshake failed")
	// ErrPoolClosed is returned by an Op run on a pool that was closed.
	ErrPoolClosed = errors.New("pool is closed")
)
