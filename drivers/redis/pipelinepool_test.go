package redis

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

// TestPipelinesUseThePool: a command step whose keys get the safety TTL
// is sent as a pipeline; it runs on the pool the scenario configured
// (go-redis's separate pipeline pool, up to 10 connections more per
// client, is off), so the server never sees more connections than
// pool_size per server and the pool's total counts all of them — on a
// single server and on every node of a cluster.
func TestPipelinesUseThePool(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	for _, tc := range []struct {
		name  string
		url   func(env drivers.Env) string
		nodes int
	}{
		{"single", func(env drivers.Env) string { return env.URL }, 1},
		{"cluster", func(drivers.Env) string { return cl.URL }, len(cl.Masters)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			env := testEnv(t)
			env.URL = tc.url(env)
			env.SafetyTTL = time.Hour
			cfg := testConfig()
			cfg.PoolSize = 2
			p := openPool(t, cfg, env)
			key := arg.Template(`"p:${iteration}"`, arg.Part{Lit: "p:"}, arg.Part{Num: arg.Iteration()})
			op, err := p.Prepare(drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("SET"), key, arg.Const("v"), arg.Const("KEEPTTL")}})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Go(func() {
					it := &drivers.WorkerState{Worker: int64(w)}
					for i := range int64(200) {
						it.Seq = int64(w)*1000 + i
						if err := op.Do(ctx, it); err != nil {
							t.Errorf("worker %d: %v", w, err)
							return
						}
					}
				})
			}
			wg.Wait()
			n, err := p.ServerConns(ctx)
			st := p.Stats()
			if err != nil || n > cfg.PoolSize*tc.nodes || int64(n) != st.TotalConns {
				t.Errorf("server sees %d connections (%v), the pool counts %d; want at most %d × %d, all counted", n, err, st.TotalConns, cfg.PoolSize, tc.nodes)
			}
		})
	}
}
