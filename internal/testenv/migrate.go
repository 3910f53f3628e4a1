package testenv

import (
	"context"
	"net"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// MigrateSlot moves the hash slot of tag (a key or its hash tag, e.g.
// "{mig}") from its master to another one, the way redis-cli --cluster
// reshard does, while clients keep using it: CLUSTER SETSLOT IMPORTING on
// the target and MIGRATING on the source, MIGRATE of half the slot's keys,
// pause (the slot is split: commands on moved keys are answered ASK), the
// rest of the keys, SETSLOT NODE on every master (commands a client still
// sends to the source are answered MOVED), pause again. It returns the
// source and target addresses. Errors fail the test (t.Errorf: it may run
// in a goroutine of the test).
func (c *Cluster) MigrateSlot(t testing.TB, ctx context.Context, tag string, pause time.Duration) (from, to string) {
	nodes := map[string]*goredis.Client{}
	ids := map[string]string{}
	defer func() {
		for _, n := range nodes {
			_ = n.Close()
		}
	}()
	for _, a := range c.Masters {
		n := goredis.NewClient(&goredis.Options{Addr: a})
		nodes[a] = n
		id, err := n.Do(ctx, "cluster", "myid").Text()
		if err != nil {
			t.Errorf("MigrateSlot: CLUSTER MYID on %s: %v", a, err)
			return "", ""
		}
		ids[a] = id
	}
	first := nodes[c.Masters[0]]
	slot, err := first.ClusterKeySlot(ctx, tag).Result()
	if err != nil {
		t.Errorf("MigrateSlot: CLUSTER KEYSLOT %s: %v", tag, err)
		return "", ""
	}
	slots, err := first.ClusterSlots(ctx).Result()
	if err != nil {
		t.Errorf("MigrateSlot: CLUSTER SLOTS: %v", err)
		return "", ""
	}
	for _, s := range slots {
		if int64(s.Start) <= slot && slot <= int64(s.End) && len(s.Nodes) > 0 {
			from = s.Nodes[0].Addr
		}
	}
	for _, a := range c.Masters {
		if a != from && to == "" {
			to = a
		}
	}
	if nodes[from] == nil || to == "" {
		t.Errorf("MigrateSlot: slot %d: owner %q, masters %v", slot, from, c.Masters)
		return "", ""
	}
	ok := true
	do := func(n *goredis.Client, args ...any) {
		if err := n.Do(ctx, args...).Err(); err != nil {
			t.Errorf("MigrateSlot: %v: %v", args, err)
			ok = false
		}
	}
	do(nodes[to], "cluster", "setslot", slot, "importing", ids[from])
	do(nodes[from], "cluster", "setslot", slot, "migrating", ids[to])
	host, port, _ := net.SplitHostPort(to)
	migrate := func(count int) int {
		keys, err := nodes[from].ClusterGetKeysInSlot(ctx, int(slot), count).Result()
		if err != nil {
			t.Errorf("MigrateSlot: CLUSTER GETKEYSINSLOT: %v", err)
			ok = false
			return 0
		}
		if len(keys) == 0 {
			return 0
		}
		args := []any{"migrate", host, port, "", 0, 5000, "keys"}
		for _, k := range keys {
			args = append(args, k)
		}
		do(nodes[from], args...)
		return len(keys)
	}
	if n, _ := nodes[from].ClusterCountKeysInSlot(ctx, int(slot)).Result(); n > 1 {
		migrate(int(n / 2))
	}
	time.Sleep(pause)
	for i := 0; ok && i < 1000 && migrate(1000) > 0; i++ {
	}
	// The target first, then the source (so that it answers MOVED), then
	// the others.
	do(nodes[to], "cluster", "setslot", slot, "node", ids[to])
	do(nodes[from], "cluster", "setslot", slot, "node", ids[to])
	for _, a := range c.Masters {
		if a != from && a != to {
			do(nodes[a], "cluster", "setslot", slot, "node", ids[to])
		}
	}
	time.Sleep(pause)
	return from, to
}
