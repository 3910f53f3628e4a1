package testenv

import (
	"context"
	"testing"

	"github.com/stressql/stressql/drivers"
)

// Bench runs op as the benchmark's loop, one iteration per Do, the way a
// worker of the engine does (reusing its WorkerState), and reports allocations.
func Bench(b *testing.B, op drivers.Op) { BenchCtx(b, context.Background(), op) }

// BenchCtx is Bench with every Do under ctx: a cancelable one, as the
// engine gives its iterations, makes the clients watch it.
func BenchCtx(b *testing.B, ctx context.Context, op drivers.Op) {
	it := &drivers.WorkerState{Scratch: make([]byte, 0, 64)}
	b.ReportAllocs()
	for b.Loop() {
		it.Seq++
		if err := op.Do(ctx, it); err != nil {
			b.Fatal(err)
		}
	}
}
