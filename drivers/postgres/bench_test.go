package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

func benchOp(b *testing.B, s drivers.Step) {
	cfg := testConfig()
	cfg.MinConns = 1
	p := openPool(b, cfg, testEnv(b))
	testenv.Bench(b, testenv.Prepare(b, p, s))
}

func BenchmarkQuerySelect1(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindQuery, SQL: "select 1"})
}

func BenchmarkQueryWithArgs(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindQuery, SQL: "select $1::int + $2::int",
		Args: []arg.Expr{arg.Number("iteration", arg.Iteration()), arg.Const("2")}})
}

func BenchmarkPing(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindPing})
}

// BenchmarkAcquire compares, in one run, the acquire step (Acquire and
// Release, acquire_timeout 30s, every worker reusing its WorkerState) with a bare
// pgxpool loop on the same pool, under the cancelable context the engine
// gives iterations. bench/compare measures the same at full scale.
func BenchmarkAcquire(b *testing.B) {
	cfg := testConfig()
	cfg.MinConns, cfg.MaxConns, cfg.AcquireTimeout = 4, 4, 30*time.Second
	p := openPool(b, cfg, testEnv(b))
	op := testenv.Prepare(b, p, drivers.Step{Kind: KindAcquire})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.Run("pgxpool", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c, err := p.pg.Acquire(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				c.Release()
			}
		})
	})
	b.Run("step", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			it := &drivers.WorkerState{}
			for pb.Next() {
				if err := op.Do(ctx, it); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// TestHotPathAllocations bounds what one Op.Do allocates, under a
// cancelable context as the engine runs it: pgx itself allocates a few
// objects per round trip (command tag, and three for pgconn's watch of a
// cancelable context); the driver must add nothing that grows with the
// arguments.
//
// An acquire_timeout costs nothing per acquire: the worker re-arms its own
// deadline context (WorkerState.Local), under a cancelable parent as in the engine.
func TestHotPathAllocations(t *testing.T) {
	cfg := testConfig()
	cfg.MinConns = 1
	cfg.AcquireTimeout = 0
	p := openPool(t, cfg, testEnv(t))
	cfg.AcquireTimeout = time.Second
	withDeadline := openPool(t, cfg, testEnv(t))
	tests := []struct {
		name string
		pool *pool
		step drivers.Step
		max  float64
	}{
		{"select 1", p, drivers.Step{Kind: KindQuery, SQL: "select 1"}, 4},
		{"with args", p, drivers.Step{Kind: KindQuery, SQL: "select $1::int + $2::int + $3::int",
			Args: []arg.Expr{arg.Number("iteration", arg.Iteration()), arg.Const("2"), arg.Number("worker", arg.Worker())}}, 6},
		{"ping", p, drivers.Step{Kind: KindPing}, 4},
		{"acquire", p, drivers.Step{Kind: KindAcquire}, 1},
		{"acquire with acquire_timeout", withDeadline, drivers.Step{Kind: KindAcquire}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := testenv.Prepare(t, tt.pool, tt.step)
			it := &drivers.WorkerState{Scratch: make([]byte, 0, 64)}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := op.Do(ctx, it); err != nil { // prepares the statement
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(50, func() {
				it.Seq++
				if err := op.Do(ctx, it); err != nil {
					t.Fatal(err)
				}
			})
			if allocs > tt.max {
				t.Fatalf("Op.Do allocates %.1f objects, want <= %.0f", allocs, tt.max)
			}
			t.Logf("%.1f allocs per Do", allocs)
		})
	}
}

// BenchmarkSelect1 compares, in one run, the query step of SELECT 1 (the
// simple protocol, as bench/compare's row) with pgxpool's own Exec of it
// on the same pool, one goroutine each: the difference is the step's
// cost over the library (for instruction counts, see docs/performance.md).
func BenchmarkSelect1(b *testing.B) {
	cfg := testConfig()
	cfg.MinConns, cfg.MaxConns = 1, 1
	p := openPool(b, cfg, testEnv(b))
	op := testenv.Prepare(b, p, drivers.Step{Kind: KindQuery, SQL: "SELECT 1"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.Run("pgxpool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.pg.Exec(ctx, "SELECT 1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("step", func(b *testing.B) { testenv.BenchCtx(b, ctx, op) })
}
