package redis

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
)

// clusterNodes is what a cluster pool keeps of the node clients go-redis's
// cluster client makes (ClusterOptions.NewClient): a hook on each counts
// the MOVED and ASK replies the node sends, before the cluster client
// follows them, and the clients are kept for per-node pool stats.
type clusterNodes struct {
	moved, ask atomic.Int64

	// keep: the node clients are kept (the pool's one cluster client);
	// false with the pool disabled, whose one-shot clients are only counted.
	keep    bool
	mu      sync.Mutex
	clients []*goredis.Client // every node client made, in order (closed ones too: their counters stay)
}

// newClient is the cluster client's NewClient: a node client with the
// redirection hook.
func (n *clusterNodes) newClient(o *goredis.Options) *goredis.Client {
	c := goredis.NewClient(o)
	c.AddHook(redirectHook{n})
	if n.keep {
		n.mu.Lock()
		n.clients = append(n.clients, c)
		n.mu.Unlock()
	}
	return c
}

// count counts err when it is a redirection. A reply without an error
// costs one comparison; a redirection's message is read in place (go-redis
// keeps it as a string), so counting never allocates.
func (n *clusterNodes) count(err error) {
	if err == nil {
		return
	}
	if _, ok := err.(goredis.Error); !ok {
		return
	}
	switch s := err.Error(); {
	case strings.HasPrefix(s, "MOVED "):
		n.moved.Add(1)
	case strings.HasPrefix(s, "ASK "):
		n.ask.Add(1)
	}
}

// redirectHook is the node clients' hook (goredis.Hook).
type redirectHook struct{ n *clusterNodes }

func (redirectHook) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h redirectHook) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		err := next(ctx, cmd)
		if err != nil {
			h.n.count(err)
		}
		return err
	}
}

func (h redirectHook) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		err := next(ctx, cmds)
		for _, c := range cmds {
			if e := c.Err(); e != nil {
				h.n.count(e)
			}
		}
		return err
	}
}

// redirects returns the MOVED and ASK replies counted so far.
func (n *clusterNodes) redirects() (moved, ask int64) {
	if n == nil {
		return 0, 0
	}
	return n.moved.Load(), n.ask.Load()
}

// nodeStats is the pool stats of each node client kept, by address (the
// clients of one address summed: go-redis may replace a node's client),
// in address order; nil without kept clients.
func (n *clusterNodes) nodeStats() []drivers.NodeStats {
	if n == nil {
		return nil
	}
	n.mu.Lock()
	clients := slices.Clone(n.clients)
	n.mu.Unlock()
	var out []drivers.NodeStats
	for _, c := range clients {
		s := c.PoolStats()
		addr := c.Options().Addr
		i, found := slices.BinarySearchFunc(out, addr, func(ns drivers.NodeStats, a string) int { return strings.Compare(ns.Addr, a) })
		if !found {
			out = slices.Insert(out, i, drivers.NodeStats{Addr: addr})
		}
		ns := &out[i]
		ns.TotalConns += int64(s.TotalConns)
		ns.IdleConns += int64(s.IdleConns)
		ns.InUseConns += max(int64(s.TotalConns)-int64(s.IdleConns), 0)
		ns.Hits += int64(s.Hits)
		ns.Misses += int64(s.Misses)
		ns.Timeouts += int64(s.Timeouts)
		ns.StaleConns += int64(s.StaleConns)
	}
	return out
}
