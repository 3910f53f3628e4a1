package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

var errNoAppName = errors.New("redis: no client name: cannot tell this scenario's connections apart")

// ServerConns counts the server's connections named like this pool's
// (CLIENT LIST), from the monitor client (not counted). After Close it
// uses a one-shot client, so it leaks nothing. While a CLIENT PAUSE is in
// force it waits for the pause to end (bounded by ctx).
func (p *pool) ServerConns(ctx context.Context) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	var n sumMu
	err := p.mon.do(!p.closed.Load(), func(c goredis.UniversalClient) error {
		return eachNode(ctx, c, func(ctx context.Context, c *goredis.Client) error {
			list, err := c.ClientList(ctx).Result()
			n.add(countNamed(list, p.app))
			return err
		})
	})
	if err != nil {
		return 0, fmt.Errorf("redis server connections: %w", err)
	}
	return n.n, nil
}

// Terminate has the server close this pool's connections (CLIENT KILL
// ID); idleOnly spares those blocked, in MULTI or with a command pending.
// A connection a worker holds between commands is idle to the server.
func (p *pool) Terminate(ctx context.Context, idleOnly bool) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	var n sumMu
	err := p.mon.do(!p.closed.Load(), func(c goredis.UniversalClient) error {
		return eachNode(ctx, c, func(ctx context.Context, c *goredis.Client) error {
			list, err := c.ClientList(ctx).Result()
			if err != nil {
				return err
			}
			var kills []*goredis.IntCmd
			_, err = c.Pipelined(ctx, func(pipe goredis.Pipeliner) error {
				for _, cl := range parseClientList(list) {
					if cl.name == p.app && !(idleOnly && cl.busy) {
						kills = append(kills, pipe.ClientKillByFilter(ctx, "ID", cl.id))
					}
				}
				return nil
			})
			k := 0
			for _, kill := range kills {
				k += int(kill.Val())
			}
			n.add(k)
			return err
		})
	})
	if err != nil {
		return n.n, fmt.Errorf("redis terminate: %w", err)
	}
	return n.n, nil
}

// Pause stalls every client of the server for d (CLIENT PAUSE, all
// commands), rounded up to a whole millisecond.
func (p *pool) Pause(ctx context.Context, d time.Duration) error {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	if ms < 1 {
		ms = 1
	}
	err := p.mon.do(!p.closed.Load(), func(c goredis.UniversalClient) error {
		return eachNode(ctx, c, func(ctx context.Context, c *goredis.Client) error {
			return c.Do(ctx, "client", "pause", int64(ms)).Err()
		})
	})
	if err != nil {
		return fmt.Errorf("redis pause: %w", err)
	}
	return nil
}

// cleanupBatch is how many keys one SCAN asks for and one UNLINK removes.
const cleanupBatch = 500

// Cleanup unlinks every key under the namespace (SCAN MATCH + UNLINK in
// batches) on its own client, and closes the monitor. It works after
// Close; without a namespace it removes nothing.
func (p *pool) Cleanup(ctx context.Context) error {
	if p.ns == "" {
		p.mon.close()
		return nil
	}
	match := globEscape(p.ns) + "*"
	err := p.mon.do(false, func(c goredis.UniversalClient) error {
		return eachNode(ctx, c, func(ctx context.Context, c *goredis.Client) error {
			var cursor uint64
			for {
				keys, next, err := c.Scan(ctx, cursor, match, cleanupBatch).Result()
				if err != nil {
					return err
				}
				if len(keys) > 0 {
					if _, err := unlink(ctx, c, p.top.kind == cluster, keys); err != nil {
						return err
					}
				}
				if next == 0 {
					return nil
				}
				cursor = next
			}
		})
	})
	if err != nil {
		return fmt.Errorf("redis cleanup of %s*: %w", p.ns, err)
	}
	return nil
}

// unlink removes keys found by a SCAN of node c and returns how many it
// removed: one UNLINK, or, on a cluster node (whose keys may be in
// different slots, which one command may not mix), one UNLINK per key in
// a pipeline.
func unlink(ctx context.Context, c *goredis.Client, perKey bool, keys []string) (int64, error) {
	if !perKey {
		return c.Unlink(ctx, keys...).Result()
	}
	cmds, err := c.Pipelined(ctx, func(pipe goredis.Pipeliner) error {
		for _, k := range keys {
			pipe.Unlink(ctx, k)
		}
		return nil
	})
	var n int64
	for _, cmd := range cmds {
		n += cmd.(*goredis.IntCmd).Val()
	}
	return n, err
}
