package redis

import (
	"errors"
	"strings"
	"sync"

	goredis "github.com/redis/go-redis/v9"
)

// monitor is the client that asks the server about the pool's
// connections. It has its own client name, so it never counts itself,
// and it goes straight to the URL's server: faults aimed at the pool must
// not blind the measurement.
type monitor struct {
	opt *goredis.Options
	top topo
	mu  sync.Mutex
	c   goredis.UniversalClient
}

// do runs f on the monitor client; with keep false the client is closed
// afterwards.
func (m *monitor) do(keep bool, f func(goredis.UniversalClient) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.c == nil {
		m.c = m.top.newClient(m.opt)
	}
	err := f(m.c)
	var stale *StaleConnError
	if errors.As(err, &stale) {
		// A Sentinel monitor's connection to the demoted master (the
		// master moved): go-redis dropped it, the next dial goes to the
		// new master.
		err = f(m.c)
	}
	if !keep {
		m.closeLocked()
	}
	return err
}

func (m *monitor) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closeLocked()
}

func (m *monitor) closeLocked() {
	if m.c != nil {
		_ = m.c.Close() // nothing to do about a broken monitor connection
		m.c = nil
	}
}

// client is one line of CLIENT LIST.
type client struct {
	id   string
	name string
	busy bool // blocked, in MULTI, or with unread input
}

// parseClientList parses CLIENT LIST output ("id=7 addr=... name=x ...").
func parseClientList(s string) []client {
	var out []client
	for s != "" {
		var c client
		if c, s = nextClient(s); c.id != "" {
			out = append(out, c)
		}
	}
	return out
}

// countNamed counts the connections of CLIENT LIST output named name. It
// allocates nothing: the sampler calls it every sample interval (100 ms
// by default), and parseClientList's slices made about 16 MB of garbage
// per 30 s of a 5000/s PING run with 100 connections (heap profile).
func countNamed(s, name string) int {
	n := 0
	for s != "" {
		var c client
		if c, s = nextClient(s); c.id != "" && c.name == name {
			n++
		}
	}
	return n
}

// nextClient parses the first line of CLIENT LIST output and returns it
// and the rest. Fields are separated by ASCII white space (Redis writes
// single spaces and ends lines with "\n"); a line without id= yields a
// zero client. Its strings are s's own: nothing is copied.
func nextClient(s string) (client, string) {
	line, rest, _ := strings.Cut(s, "\n")
	var c client
	for line != "" {
		i := 0
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isSpace(line[j]) {
			j++
		}
		field := line[i:j]
		line = line[j:]
		k, v, _ := strings.Cut(field, "=")
		switch k {
		case "id":
			c.id = v
		case "name":
			c.name = v
		case "flags":
			c.busy = c.busy || strings.ContainsAny(v, "bx")
		case "multi":
			c.busy = c.busy || (v != "-1" && v != "")
		case "qbuf":
			c.busy = c.busy || (v != "0" && v != "")
		}
	}
	return c, rest
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\v' || b == '\f'
}
