package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/testenv"
)

// runArgsQuery runs a parameterized query step with workers goroutines,
// n iterations each, and returns the kinds of the failures (nil when all
// passed).
func runArgsQuery(t *testing.T, cfg Config, env drivers.Env, workers, n int) []string {
	t.Helper()
	p := openPool(t, cfg, env)
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select $1::int + $2::int, $3::text",
		Args: []arg.Expr{arg.Number("iteration", arg.Iteration()), arg.Const("2"), arg.Const("it's")}})
	var mu sync.Mutex
	var kinds []string
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				it := &drivers.WorkerState{Seq: int64(i + 1), Worker: int64(w)}
				if err := op.Do(context.Background(), it); err != nil {
					mu.Lock()
					kinds = append(kinds, Classify(err))
					if len(kinds) == 1 {
						t.Logf("first failure (%s): %v", Classify(err), err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	// The tool's own monitoring works whatever the target is.
	if _, err := p.ServerConns(context.Background()); err != nil {
		t.Errorf("ServerConns: %v", err)
	}
	return kinds
}

func TestQueryExecModesDirect(t *testing.T) {
	for _, mode := range queryExecModes {
		t.Run(mode, func(t *testing.T) {
			cfg := testConfig()
			cfg.QueryExecMode = mode
			if kinds := runArgsQuery(t, cfg, testEnv(t), 2, 5); kinds != nil {
				t.Fatalf("%d failures: %v", len(kinds), kinds)
			}
		})
	}
}

// TestQueryExecModesThroughPgBouncer: through a transaction-mode
// PgBouncer with fewer server connections than pool connections, the
// stateless modes pass and a cached prepared statement fails as the
// prepared_statement kind, not query.
func TestQueryExecModesThroughPgBouncer(t *testing.T) {
	bouncer := testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 2})
	for _, mode := range queryExecModes {
		t.Run(mode, func(t *testing.T) {
			cfg := testConfig()
			cfg.MaxConns = 6
			cfg.QueryExecMode = mode
			env := testEnv(t)
			env.URL = bouncer
			kinds := runArgsQuery(t, cfg, env, 6, 30)
			switch mode {
			case ModeExec, ModeCacheDescribe, ModeSimpleProtocol:
				if kinds != nil {
					t.Fatalf("%d failures through PgBouncer: %v", len(kinds), kinds)
				}
			case ModeCacheStatement:
				if len(kinds) == 0 {
					t.Fatal("no failure: the prepared-statement pitfall did not happen")
				}
				fallthrough
			default: // describe_exec may lose its unnamed statement between round trips
				for _, k := range kinds {
					if k != errkind.PreparedStmt {
						t.Fatalf("failure kinds %v: want only %s", kinds, errkind.PreparedStmt)
					}
				}
			}
		})
	}
}

// TestBouncerDetection: a PostgreSQL server is no bouncer (no data); a
// PgBouncer is, its SHOW POOLS row for the pool's database and user is
// read, and the pool's connections are counted at the bouncer, where they
// stop counting once the pool is closed (the bouncer's server connections
// outlive it).
func TestBouncerDetection(t *testing.T) {
	ctx := context.Background()
	direct := openPool(t, testConfig(), testEnv(t))
	if s, ok, err := direct.Bouncer(ctx); ok || err != nil || s != (drivers.BouncerSample{}) {
		t.Fatalf("PostgreSQL itself: Bouncer = %+v, %v, %v; want not a bouncer", s, ok, err)
	}

	bouncer := testenv.StartPgBouncer(t, "transaction", testenv.PgBouncerOptions{PoolSize: 2})
	cfg := testConfig()
	cfg.MinConns, cfg.MaxConns = 5, 5
	env := testEnv(t)
	env.URL = bouncer
	p := openPool(t, cfg, env)
	s, ok, err := p.Bouncer(ctx)
	if !ok || err != nil {
		t.Fatalf("PgBouncer: Bouncer = %+v, %v, %v; want a bouncer", s, ok, err)
	}
	// 5 pool connections + the monitor's, idle: active clients, no waiting.
	if s.ClActive < 5 || s.ClWaiting != 0 || s.SvActive+s.SvIdle > 2 {
		t.Errorf("SHOW POOLS = %+v: want at least 5 active clients, none waiting, at most 2 server connections", s)
	}
	testenv.WaitServerConns(t, p, 5, 5*time.Second)
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	testenv.WaitServerConns(t, p, 0, 5*time.Second)
}
