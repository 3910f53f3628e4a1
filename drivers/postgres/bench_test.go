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

// TestHotPathAllocations bounds what one Op.Do allocates: pgx itself
// allocates a few objects per round trip (command tag, acquire tracking);
// the driver must add nothing that grows with the arguments.
//
// An acquire deadline costs what context.WithTimeout costs (about five
// objects): pgxpool takes a deadline only as a context. The driver skips it
// when the iteration's own deadline is earlier.
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
		{"select 1", p, drivers.Step{Kind: KindQuery, SQL: "select 1"}, 1},
		{"with args", p, drivers.Step{Kind: KindQuery, SQL: "select $1::int + $2::int + $3::int",
			Args: []arg.Expr{arg.Number("iteration", arg.Iteration()), arg.Const("2"), arg.Number("worker", arg.Worker())}}, 3},
		{"ping", p, drivers.Step{Kind: KindPing}, 1},
		{"acquire", p, drivers.Step{Kind: KindAcquire}, 1},
		{"acquire with acquire_timeout", withDeadline, drivers.Step{Kind: KindAcquire}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := testenv.Prepare(t, tt.pool, tt.step)
			it := &drivers.Iter{Scratch: make([]byte, 0, 64)}
			ctx := context.Background()
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
