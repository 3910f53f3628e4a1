package redis

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

// TestClusterRedirectsCounted migrates the slot a running load uses from
// one master to another (CLUSTER SETSLOT IMPORTING / MIGRATING, MIGRATE of
// its keys in two halves, SETSLOT NODE) while the load runs: the pool
// counts the ASK replies of the migration and the MOVED replies after it,
// and every operation of the load still succeeds.
func TestClusterRedirectsCounted(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := testEnv(t)
	env.URL = cl.URL
	cfg := testConfig()
	cfg.PoolSize = 4
	p := openPool(t, cfg, env)
	if st := p.Stats(); st.Moved != 0 || st.Ask != 0 {
		t.Fatalf("a new pool counts redirections: %+v", st)
	}
	// Every key of the load has the hash tag {mig}: one slot.
	key := arg.Template(`"{mig}:${iteration}"`, arg.Part{Lit: "{mig}:"}, arg.Part{Num: arg.Iteration()})
	set, err := p.Prepare(drivers.Step{Kind: KindSet, Key: &key, Value: new(arg.Const("v"))})
	if err != nil {
		t.Fatal(err)
	}
	get, err := p.Prepare(drivers.Step{Kind: KindGet, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	const keys = 200
	it := &drivers.WorkerState{}
	for i := range int64(keys) {
		it.Seq = i
		if err := set.Do(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if st := p.Stats(); st.Moved != 0 || st.Ask != 0 {
		t.Fatalf("a stable cluster sent redirections: %+v", st)
	}

	// The load: SET and GET of the slot's keys until stopped.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var ops, failed atomic.Int64
	var firstErr atomic.Value
	for w := range 4 {
		wg.Go(func() {
			it := &drivers.WorkerState{Worker: int64(w)}
			for i := int64(w); ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				it.Seq = i % keys
				for _, op := range []drivers.Op{set, get} {
					ops.Add(1)
					if err := op.Do(ctx, it); err != nil {
						failed.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	_, dst := cl.MigrateSlot(t, ctx, "{mig}", 300*time.Millisecond)
	close(stop)
	wg.Wait()

	st := p.Stats()
	t.Logf("%d ops, %d failed; MOVED %d, ASK %d", ops.Load(), failed.Load(), st.Moved, st.Ask)
	if failed.Load() > 0 {
		t.Errorf("%d of %d operations failed during the migration, first: %v", failed.Load(), ops.Load(), firstErr.Load())
	}
	if st.Moved == 0 || st.Ask == 0 {
		t.Errorf("redirections not counted: MOVED %d, ASK %d (want both > 0)", st.Moved, st.Ask)
	}
	c := goredis.NewClient(&goredis.Options{Addr: dst})
	defer func() { _ = c.Close() }()
	slot, err := c.ClusterKeySlot(ctx, "{mig}").Result()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := c.ClusterCountKeysInSlot(ctx, int(slot)).Result(); err != nil || n != keys {
		t.Errorf("slot %d on %s holds %d keys (%v), want %d", slot, dst, n, err, keys)
	}
}

// replyErr is a Redis error reply (goredis.Error), as a node sends one.
type replyErr string

func (e replyErr) Error() string { return string(e) }
func (replyErr) RedisError()     {}

// TestRedirectCount: only MOVED and ASK replies count, and counting one
// allocates nothing.
func TestRedirectCount(t *testing.T) {
	var n clusterNodes
	for _, err := range []error{
		nil, replyErr("MOVED 3999 127.0.0.1:7001"), replyErr("ASK 3999 127.0.0.1:7002"),
		replyErr("ASK 1 127.0.0.1:7002"), replyErr("ERR MOVED is not a command"), replyErr("TRYAGAIN"),
		replyErr("CROSSSLOT Keys in request don't hash to the same slot"), context.DeadlineExceeded,
		errMovedText{},
	} {
		n.count(err)
	}
	if m, a := n.redirects(); m != 1 || a != 2 {
		t.Errorf("counted MOVED %d, ASK %d; want 1, 2", m, a)
	}
	var moved error = replyErr("MOVED 3999 127.0.0.1:7001")
	if allocs := testing.AllocsPerRun(100, func() { n.count(moved); n.count(nil) }); allocs != 0 {
		t.Errorf("count allocates %v per call", allocs)
	}
	if m, a := (*clusterNodes)(nil).redirects(); m != 0 || a != 0 {
		t.Errorf("no cluster: %d, %d", m, a)
	}
}

// errMovedText says MOVED but is no reply of a server (an I/O error).
type errMovedText struct{}

func (errMovedText) Error() string { return "MOVED 1 1.2.3.4:5" }
