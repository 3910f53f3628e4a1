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
	var n int
	err := p.mon.do(!p.closed.Load(), func(c *goredis.Client) error {
		list, err := c.ClientList(ctx).Result()
		for _, cl := range parseClientList(list) {
			if cl.name == p.app {
				n++
			}
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("redis server connections: %w", err)
	}
	return n, nil
}

// Terminate has the server close this pool's connections (CLIENT KILL
// ID); idleOnly spares those blocked, in MULTI or with a command pending.
// A connection a worker holds between commands is idle to the server.
func (p *pool) Terminate(ctx context.Context, idleOnly bool) (int, error) {
	if p.app == "" {
		return 0, errNoAppName
	}
	var n int
	err := p.mon.do(!p.closed.Load(), func(c *goredis.Client) error {
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
		for _, k := range kills {
			n += int(k.Val())
		}
		return err
	})
	if err != nil {
		return n, fmt.Errorf("redis terminate: %w", err)
	}
	return n, nil
}

// Pause stalls every client of the server for d (CLIENT PAUSE, all
// commands), rounded up to a whole millisecond.
func (p *pool) Pause(ctx context.Context, d time.Duration) error {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	if ms < 1 {
		ms = 1
	}
	err := p.mon.do(!p.closed.Load(), func(c *goredis.Client) error {
		return c.Do(ctx, "client", "pause", int64(ms)).Err()
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
	err := p.mon.do(false, func(c *goredis.Client) error {
		var cursor uint64
		for {
			keys, next, err := c.Scan(ctx, cursor, match, cleanupBatch).Result()
			if err != nil {
				return err
			}
			if len(keys) > 0 {
				if err := c.Unlink(ctx, keys...).Err(); err != nil {
					return err
				}
			}
			if next == 0 {
				return nil
			}
			cursor = next
		}
	})
	if err != nil {
		return fmt.Errorf("redis cleanup of %s*: %w", p.ns, err)
	}
	return nil
}
