package redis

import (
	"context"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

// TestSentinelServerConnsFollowMaster: across a real failover, the
// server-side count is asked of the current master: before it, the old
// master's count of the pool's connections; from the moment the failover
// saw the new master, never the demoted one's (which still holds the
// pool's old connections for a moment) but the new master's.
func TestSentinelServerConnsFollowMaster(t *testing.T) {
	set := testenv.StartRedisSentinelSet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := testEnv(t)
	env.URL = set.URL
	cfg := testConfig()
	cfg.PoolSize = 4
	cfg.ReadTimeout = time.Second
	cfg.WriteTimeout = time.Second
	p := openPool(t, cfg, env)
	op, err := p.Prepare(drivers.Step{Kind: KindSet, Key: new(arg.Const("k")), Value: new(arg.Const("v"))})
	if err != nil {
		t.Fatal(err)
	}
	burst := func() {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for i := 0; i < 20; i++ {
					if err := op.Do(ctx, &drivers.WorkerState{}); err == nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			})
		}
		wg.Wait()
	}
	burst()
	oldC := goredis.NewClient(&goredis.Options{Addr: set.Master})
	newC := goredis.NewClient(&goredis.Options{Addr: set.Replica})
	defer oldC.Close()
	defer newC.Close()
	if n, err := p.ServerConns(ctx); err != nil || n < 1 || n != connsNamedOn(t, oldC, p.app) {
		t.Fatalf("ServerConns before the failover = %d, %v; the master counts %d", n, err, connsNamedOn(t, oldC, p.app))
	}
	if _, err := p.Failover(ctx, func(string) {}); err != nil {
		t.Fatal(err)
	}
	// From now on every count is the new master's.
	deadline := time.Now().Add(3 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		if i == 10 {
			burst() // new connections, on the new master
		}
		before := connsNamedOn(t, newC, p.app)
		n, err := p.ServerConns(ctx)
		after := connsNamedOn(t, newC, p.app)
		old := connsNamedOn(t, oldC, p.app)
		if err == nil && (n < min(before, after) || n > max(before, after)) {
			t.Errorf("sample %d after the failover: ServerConns = %d; the new master counts %d..%d, the demoted one %d", i, n, before, after, old)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n, err := p.ServerConns(ctx); err != nil || n < 1 || n != connsNamedOn(t, newC, p.app) {
		t.Errorf("ServerConns at the end = %d, %v; the new master counts %d", n, err, connsNamedOn(t, newC, p.app))
	}
}
