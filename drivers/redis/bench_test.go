package redis

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

func benchOp(b *testing.B, s drivers.Step) {
	cfg := testConfig()
	cfg.MinIdleConns = 1
	p := openPool(b, cfg, testEnv(b))
	testenv.Bench(b, testenv.Prepare(b, p, s))
}

var benchKey = arg.Template(`"k:${iteration % 1000}"`, arg.Part{Lit: "k:"},
	arg.Part{Num: func(i, _ int64) int64 { return i % 1000 }})

func BenchmarkPing(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindPing})
}

func BenchmarkSet(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindSet, Key: &benchKey, Value: new(arg.Const("value"))})
}

func BenchmarkCommandSet(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("SET"), benchKey, arg.Const("value")}})
}

// TestHotPathAllocations bounds what one Op.Do allocates beyond go-redis
// itself: a templated key or argument costs its string, nothing else.
func TestHotPathAllocations(t *testing.T) {
	cfg := testConfig()
	cfg.MinIdleConns = 1
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	// go-redis's own cost of one SET of run-time strings, as the baseline.
	key, value := string([]byte("baseline")), string([]byte("value"))
	base := testing.AllocsPerRun(50, func() {
		if err := p.c.Set(ctx, key, value, 0).Err(); err != nil {
			t.Fatal(err)
		}
	})
	tests := []struct {
		name  string
		step  drivers.Step
		extra float64 // objects over go-redis's SET
	}{
		{"set const key", drivers.Step{Kind: KindSet, Key: new(arg.Const("k")), Value: new(arg.Const("value"))}, 0},
		{"set templated key", drivers.Step{Kind: KindSet, Key: &benchKey, Value: new(arg.Const("value"))}, 1},
		{"command templated key", drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("SET"), benchKey, arg.Const("value")}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := testenv.Prepare(t, p, tt.step)
			it := &drivers.WorkerState{Scratch: make([]byte, 0, 64)}
			allocs := testing.AllocsPerRun(50, func() {
				it.Seq++
				if err := op.Do(ctx, it); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("%.1f allocs per Do, go-redis SET alone %.1f", allocs, base)
			if allocs > base+tt.extra {
				t.Fatalf("Op.Do allocates %.1f objects, want <= %.1f", allocs, base+tt.extra)
			}
		})
	}
}

// BenchmarkVersusClient compares, in one run, the ping and set steps
// with go-redis's own Ping and Set of the same command on the same
// client, one goroutine each: the difference is the steps' cost over the
// library. The pool has a safety-net TTL, as in a run, so the set step
// sends SET ... PX and its twin here does too (for instruction counts,
// see docs/performance.md).
func BenchmarkVersusClient(b *testing.B) {
	cfg := testConfig()
	cfg.MinIdleConns = 1
	env := testEnv(b)
	env.SafetyTTL = time.Hour
	p := openPool(b, cfg, env)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ttl := time.Duration(p.safetyMs) * time.Millisecond
	prefix := p.ns + "k:"
	var buf [64]byte
	key := func(i int) string {
		return string(strconv.AppendInt(append(buf[:0], prefix...), int64(i%1000), 10))
	}
	for _, bc := range []struct {
		name string
		step drivers.Step
		bare func(i int) error
	}{
		{"ping", drivers.Step{Kind: KindPing}, func(int) error { return p.c.Ping(ctx).Err() }},
		{"set", drivers.Step{Kind: KindSet, Key: &benchKey, Value: new(arg.Const("value"))},
			func(i int) error { return p.c.Set(ctx, key(i), "value", ttl).Err() }},
	} {
		op := testenv.Prepare(b, p, bc.step)
		b.Run(bc.name+"/go-redis", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if err := bc.bare(i); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.name+"/step", func(b *testing.B) { testenv.BenchCtx(b, ctx, op) })
	}
}
