package redis

import (
	"context"
	"strconv"
	"strings"
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

// TestClusterMultiKeySteps: on a real cluster, steps that name several
// keys work when the keys share a hash tag — MSET, a Lua script (EVAL
// with two keys, allowed as dangerous), SUNIONSTORE — the namespace prefix
// does not change the slot; without a tag the server answers CROSSSLOT, a
// query error.
func TestClusterMultiKeySteps(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := testEnv(t)
	env.URL = cl.URL
	p := openPool(t, testConfig(), env)
	tag := func(s string) arg.Expr {
		return arg.Template(`"`+s+`"`, arg.Part{Lit: "{u"}, arg.Part{Num: arg.Iteration()}, arg.Part{Lit: s[len("{u${iteration}"):]})
	}
	steps := []struct {
		name  string
		step  drivers.Step
		fails bool
	}{
		{"mset", drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("MSET"), tag("{u${iteration}}:a"), arg.Const("1"), tag("{u${iteration}}:b"), arg.Const("2")}}, false},
		{"eval", drivers.Step{Kind: KindCommand, AllowDangerous: true, Args: []arg.Expr{arg.Const("EVAL"),
			arg.Const("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('SET', KEYS[2], ARGV[1])"),
			arg.Const("2"), tag("{u${iteration}}:c"), tag("{u${iteration}}:d"), arg.Const("x")}}, false},
		{"sunionstore", drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("SUNIONSTORE"), tag("{u${iteration}}:s"), tag("{u${iteration}}:s1"), tag("{u${iteration}}:s2")}}, false},
		{"untagged mset", drivers.Step{Kind: KindCommand, Args: consts("MSET", "x:a", "1", "y:b", "2")}, true},
	}
	for _, s := range steps {
		op, err := p.Prepare(s.step)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		for i := range int64(20) {
			err := op.Do(ctx, &drivers.WorkerState{Seq: i})
			switch {
			case s.fails && (err == nil || Classify(err) != "query" || !strings.Contains(err.Error(), "CROSSSLOT")):
				t.Errorf("%s %d: %v (kind %s), want CROSSSLOT, kind query", s.name, i, err, Classify(err))
			case !s.fails && err != nil:
				t.Errorf("%s %d: %v", s.name, i, err)
			}
		}
	}
	// The keys the script wrote are the namespaced, tagged ones, on the
	// master of their slot.
	c := goredis.NewClusterClient(&goredis.ClusterOptions{Addrs: cl.Masters})
	defer c.Close()
	for i := range 20 {
		for _, k := range []string{"a", "b", "c", "d"} {
			key := env.Namespace + "{u" + strconv.Itoa(i) + "}:" + k
			if n, err := c.Exists(ctx, key).Result(); err != nil || n != 1 {
				t.Errorf("%s: exists %d, %v", key, n, err)
			}
		}
	}
	if st := p.Stats(); st.Moved != 0 || st.Ask != 0 {
		t.Errorf("redirections on a stable cluster: %+v", st)
	}
}

// TestClusterHookAllocatesNothing: a command through the pool's cluster
// client, whose node clients carry the redirection hook, allocates no more
// than through a cluster client without it.
func TestClusterHookAllocatesNothing(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := testEnv(t)
	env.URL = cl.URL
	cfg := testConfig()
	cfg.PoolSize = 2
	p := openPool(t, cfg, env)
	key := arg.Template(`"k:${iteration}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Iteration()})
	get, err := p.Prepare(drivers.Step{Kind: KindGet, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	measure := func() float64 {
		it := &drivers.WorkerState{}
		for i := range int64(200) { // warm: slot map, connections, buffers
			it.Seq = i % 50
			_ = get.Do(ctx, it)
		}
		return testing.AllocsPerRun(500, func() {
			it.Seq = (it.Seq + 1) % 50
			if err := get.Do(ctx, it); err != nil {
				t.Fatal(err)
			}
		})
	}
	hooked := measure()
	plain := p.top
	plain.cn = nil // node clients without the hook
	hookedClient := p.c
	p.c = plain.newClient(p.opt)
	defer func() { _ = hookedClient.Close() }()
	bare := measure()
	t.Logf("allocs per GET: %.1f with the hook, %.1f without", hooked, bare)
	if hooked > bare {
		t.Errorf("the redirection hook allocates: %.1f allocs per GET, %.1f without it", hooked, bare)
	}
}
