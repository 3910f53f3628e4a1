package redis

import (
	"context"
	"fmt"
	"sort"
	"sync"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
)

// cleanAppName names the cleaner's connection: no run's pattern matches
// it, so it never counts as a run still connected.
const cleanAppName = "stressql#clean"

// cleaner implements drivers.Cleaner on one client of the target's
// database. It looks in that database only: scenarios cannot change
// their connection's database (SELECT, SWAPDB, MOVE... are refused by the
// command policy), so a run's keys are all there.
type cleaner struct {
	c    goredis.UniversalClient
	kind kind
	url  string
	mu   sync.Mutex // guards the callbacks of scan, concurrent on a cluster
}

// NewCleaner connects to the target and checks that it answers. Its
// errors never contain the password.
func NewCleaner(ctx context.Context, url string) (drivers.Cleaner, error) {
	silenceOnce.Do(func() { goredis.SetLogger(quiet{}) })
	_, mon, top, err := options(DefaultConfig(), drivers.Env{URL: url}, cleanAppName)
	if err != nil {
		return nil, err
	}
	c := top.newClient(mon)
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("redis: %w", scrub(err, url))
	}
	return &cleaner{c: c, kind: top.kind, url: url}, nil
}

// Leftovers scans the database (SCAN MATCH COUNT, never KEYS) for keys of
// the tool's naming and counts them by namespace.
func (c *cleaner) Leftovers(ctx context.Context, n drivers.Naming) ([]drivers.Leftover, error) {
	found := map[string]*drivers.Leftover{}
	err := c.scan(ctx, n.KeyGlob, func(_ *goredis.Client, keys []string) error {
		for _, k := range keys {
			prefix, run, ok := n.Key(k)
			if !ok {
				continue
			}
			l := found[prefix]
			if l == nil {
				l = &drivers.Leftover{Name: prefix, Run: run}
				found[prefix] = l
			}
			l.Keys++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("redis: scanning keys: %w", scrub(err, c.url))
	}
	out := make([]drivers.Leftover, 0, len(found))
	for _, l := range found {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// ConnectedRuns reads the names of the server's clients (CLIENT LIST).
func (c *cleaner) ConnectedRuns(ctx context.Context, n drivers.Naming) (map[string]bool, error) {
	live := map[string]bool{}
	err := eachNode(ctx, c.c, func(ctx context.Context, node *goredis.Client) error {
		list, err := node.ClientList(ctx).Result()
		if err != nil {
			return err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, cl := range parseClientList(list) {
			if run, ok := n.Conn(cl.name); ok {
				live[run] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("redis: listing clients: %w", scrub(err, c.url))
	}
	return live, nil
}

// Remove unlinks every key under each namespace, in batches of
// cleanupBatch (SCAN MATCH prefix* then UNLINK), and says how many keys
// it removed under each.
func (c *cleaner) Remove(ctx context.Context, n drivers.Naming, l []drivers.Leftover) ([]drivers.Leftover, error) {
	var removed []drivers.Leftover
	for _, ns := range l {
		if p, _, ok := n.Key(ns.Name); !ok || p != ns.Name {
			return removed, fmt.Errorf("redis: %q is not a namespace of the tool's naming", ns.Name)
		}
		done := drivers.Leftover{Name: ns.Name, Run: ns.Run}
		err := c.scan(ctx, globEscape(ns.Name)+"*", func(node *goredis.Client, keys []string) error {
			k, err := unlink(ctx, node, c.kind == cluster, keys)
			done.Keys += k
			return err
		})
		if done.Keys > 0 {
			removed = append(removed, done)
		}
		if err != nil {
			return removed, fmt.Errorf("redis: unlinking %s*: %w", ns.Name, scrub(err, c.url))
		}
	}
	return removed, nil
}

// scan calls f with each non-empty batch of keys matching match, and the
// server it found them on (every master of a cluster), one call at a
// time.
func (c *cleaner) scan(ctx context.Context, match string, f func(*goredis.Client, []string) error) error {
	return eachNode(ctx, c.c, func(ctx context.Context, node *goredis.Client) error {
		var cursor uint64
		for {
			keys, next, err := node.Scan(ctx, cursor, match, cleanupBatch).Result()
			if err != nil {
				return err
			}
			if len(keys) > 0 {
				c.mu.Lock()
				err := f(node, keys)
				c.mu.Unlock()
				if err != nil {
					return err
				}
			}
			if next == 0 {
				return nil
			}
			cursor = next
		}
	})
}

func (c *cleaner) Close() { _ = c.c.Close() }
