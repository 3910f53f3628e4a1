package redis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/redact"
)

func TestParseTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url       string
		kind      kind
		master    string
		addrs     []string
		plain     string
		sentinelP string
		err       string
	}{
		{url: "redis://127.0.0.1:6379/2", kind: single, plain: "redis://127.0.0.1:6379/2"},
		{url: "redis+sentinel://u:p%40ss@10.0.0.1:26379,10.0.0.2:26380/mymaster/3?dial_timeout=2s",
			kind: sentinel, master: "mymaster", addrs: []string{"10.0.0.1:26379", "10.0.0.2:26380"},
			plain: "redis://u:p%40ss@10.0.0.1:26379/3?dial_timeout=2s"},
		{url: "redis+sentinel://h1,h2:26380/1?master_name=m&addr=h3:26381&sentinel_password=sp",
			kind: sentinel, master: "m", addrs: []string{"h1:6379", "h2:26380", "h3:26381"},
			plain: "redis://h1:6379/1", sentinelP: "sp"},
		{url: "rediss+sentinel://h:26379/m", kind: sentinel, master: "m", addrs: []string{"h:26379"}, plain: "rediss://h:26379"},
		{url: "redis+sentinel://h:26379", err: "no master name"},
		{url: "redis+sentinel://h:26379/m/x", err: `invalid database number "x"`},
		{url: "redis+sentinel://h:26379/m/1/2", err: "invalid URL path"},
		{url: "redis+sentinel://h:26379/m?addr=nope", err: "addr=nope: want HOST:PORT"},
		{url: "redis+cluster://a:7000?addr=b:7001&addr=c:7002&read_timeout=1s", kind: cluster,
			addrs: []string{"a:7000", "b:7001", "c:7002"}, plain: "redis://a:7000?read_timeout=1s"},
		{url: "redis+cluster://u:pw@a:7000,b:7001/0", kind: cluster, addrs: []string{"a:7000", "b:7001"}, plain: "redis://u:pw@a:7000/0"},
		{url: "redis+cluster://a:7000/1", err: "only database 0"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			top, plain, err := parseTarget(tc.url)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			addrs := top.sentinels
			if top.kind == cluster {
				addrs = top.nodes
			}
			if top.kind != tc.kind || top.master != tc.master || fmt.Sprint(addrs) != fmt.Sprint(tc.addrs) ||
				plain != tc.plain || top.sentinelPass != tc.sentinelP {
				t.Errorf("got kind %d master %q addrs %v plain %q sentinel password %q", top.kind, top.master, addrs, plain, top.sentinelPass)
			}
			if _, err := goredis.ParseURL(plain); err != nil {
				t.Errorf("go-redis cannot read %q: %v", plain, err)
			}
		})
	}
}

// TestTopologyErrorsNoPassword: a bad Sentinel or Cluster URL's error
// never shows its passwords.
func TestTopologyErrorsNoPassword(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"redis+sentinel://u:s3cr3tpw@h:26379/m/x",
		"redis+sentinel://u:s3cr3tpw@h:26379/m?sentinel_password=s3cr3tpw&bogus=1",
		"redis+cluster://u:s3cr3tpw@h:7000/4",
	} {
		_, _, _, err := options(DefaultConfig(), drivers.Env{URL: u}, "app")
		if err == nil || strings.Contains(err.Error(), "s3cr3tpw") {
			t.Errorf("%s: error %v (want one, without the password)", redact.Target(u), err)
		}
	}
}

func TestStaleConnClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{&StaleConnError{Addr: "a:1", Err: io.EOF}, errkind.StaleConn},
		{fmt.Errorf("wrapped: %w", &StaleConnError{Addr: "a:1", Err: net.ErrClosed}), errkind.StaleConn},
		{replyError("READONLY You can't write against a read only replica."), errkind.ReadOnly},
		{replyError("ERR other"), errkind.Query},
	}
	for _, tc := range tests {
		if got := Classify(tc.err); got != tc.want {
			t.Errorf("Classify(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
}

func TestTrackedConnStale(t *testing.T) {
	t.Parallel()
	w := &masterWatch{closed: new(atomic.Bool)}
	w.dialed("new:1")
	a, b := net.Pipe()
	defer b.Close()
	c := &trackedConn{Conn: a, addr: "old:1", w: w}
	_ = a.Close()
	_, err := c.Read(make([]byte, 1))
	var stale *StaleConnError
	if !errors.As(err, &stale) || stale.Addr != "old:1" {
		t.Fatalf("read on a connection to the old master: %v, want a StaleConnError", err)
	}
	cur := &trackedConn{Conn: brokenConn{}, addr: "new:1", w: w}
	if _, err := cur.Read(nil); errors.As(err, &stale) {
		t.Fatalf("an error on the current master's connection is not stale: %v", err)
	}
	// A dial to another server moves the master, until a failover fault
	// pins the one it saw: then nothing is written to another server.
	w.dialed("old:1")
	if w.current() != "old:1" {
		t.Fatalf("master %s after a dial to old:1", w.current())
	}
	w.set("new:1")
	w.dialed("old:1")
	if w.current() != "new:1" {
		t.Fatalf("master %s: a dial moved the pinned master", w.current())
	}
	oldConn := &trackedConn{Conn: brokenConn{}, addr: "old:1", w: w}
	if _, err := oldConn.Write([]byte("x")); !errors.As(err, &stale) || !errors.Is(err, errNotMaster) {
		t.Fatalf("write to the old master after the failover: %v, want a StaleConnError", err)
	}
}

type brokenConn struct{ net.Conn }

func (brokenConn) Read([]byte) (int, error) { return 0, io.EOF }

// TestPreflightRefusesFailoverWithoutSentinel: a run with a failover
// fault against a plain Redis is refused before it starts.
func TestPreflightRefusesFailoverWithoutSentinel(t *testing.T) {
	env := testEnv(t)
	res := Preflight(context.Background(), drivers.PreflightRequest{Env: env, Faults: []string{faultkind.Failover}})
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, "needs a Redis Sentinel target") ||
		!strings.Contains(res.Problems[0].Hint, "redis+sentinel://") {
		t.Fatalf("problems %+v, want the failover refusal", res.Problems)
	}
	p := openPool(t, testConfig(), env)
	if _, err := p.Failover(context.Background(), func(string) { t.Error("sent called") }); !errors.Is(err, errNotSentinel) {
		t.Fatalf("Failover on a plain target: %v", err)
	}
}

// TestSentinelFailover: a pool on a real Sentinel set writes through a
// real SENTINEL FAILOVER: the new master is seen, writes succeed on it,
// and the server-side count follows the master.
func TestSentinelFailover(t *testing.T) {
	set := testenv.StartRedisSentinelSet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := testEnv(t)
	env.URL = set.URL
	if res := Preflight(ctx, drivers.PreflightRequest{Env: env, Faults: []string{faultkind.Failover}}); len(res.Problems) > 0 {
		t.Fatalf("preflight: %+v", res.Problems)
	}
	// A write to the replica is refused with READONLY: kind readonly.
	rep := goredis.NewClient(&goredis.Options{Addr: set.Replica})
	err := rep.Set(ctx, env.Namespace+"r", "1", time.Minute).Err()
	_ = rep.Close()
	if got := Classify(err); got != errkind.ReadOnly {
		t.Errorf("a write to the replica: %v, kind %s; want readonly", err, got)
	}
	cfg := testConfig()
	cfg.PoolSize = 4
	cfg.ReadTimeout = time.Second
	cfg.WriteTimeout = time.Second
	p := openPool(t, cfg, env)
	op, err := p.Prepare(drivers.Step{Kind: KindSet, Key: new(arg.Template(`"k:${iteration}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Iteration()})), Value: new(arg.Const("v"))})
	if err != nil {
		t.Fatal(err)
	}
	it := &drivers.WorkerState{}
	if err := op.Do(ctx, it); err != nil {
		t.Fatalf("before the failover: %v", err)
	}
	noPoolOp(ctx, t, env)
	if n, err := p.ServerConns(ctx); err != nil || n < 1 {
		t.Fatalf("ServerConns before = %d, %v", n, err)
	}
	var old string
	newMaster, err := p.Failover(ctx, func(o string) { old = o })
	if err != nil {
		t.Fatal(err)
	}
	if old != set.Master || newMaster != set.Replica {
		t.Fatalf("failover from %s to %s, want %s to %s", old, newMaster, set.Master, set.Replica)
	}
	// Writes fail for a moment (stale connections, READONLY), then succeed
	// on the new master.
	// Every write from now on goes to the new master or fails: none is
	// left to the demoted one.
	kinds := map[string]int{}
	var ok bool
	for i := int64(1); ctx.Err() == nil; i++ {
		it.Seq = i
		err := op.Do(ctx, it)
		if err == nil {
			ok = true
			break
		}
		if kinds[Classify(err)] == 0 {
			t.Logf("first %s error after the failover: %v", Classify(err), err)
		}
		kinds[Classify(err)]++
		time.Sleep(5 * time.Millisecond)
	}
	if !ok {
		t.Fatalf("no write succeeded after the failover; errors %v", kinds)
	}
	t.Logf("errors between the failover and the first success: %v", kinds)
	for k := range kinds {
		if k != errkind.StaleConn && k != errkind.ReadOnly && k != errkind.Reset && k != errkind.Closed {
			t.Errorf("error kind %s around a failover", k)
		}
	}
	nm := goredis.NewClient(&goredis.Options{Addr: newMaster})
	defer nm.Close()
	if role, err := nm.Do(ctx, "role").Slice(); err != nil || role[0] != "master" {
		t.Fatalf("ROLE of %s = %v, %v", newMaster, role, err)
	}
	if n := nm.Exists(ctx, env.Namespace+"k:"+fmt.Sprint(it.Seq)).Val(); n != 1 {
		t.Fatalf("the write after the failover is not on the new master")
	}
	// The count follows the master: the pool's connections are on the
	// new master now, counted there.
	testenv.WaitFor(t, "ServerConns to count the connections on the new master", 10*time.Second, func() bool {
		n, err := p.ServerConns(ctx)
		want := connsNamedOn(t, nm, p.app)
		return err == nil && n >= 1 && n == want
	})
}

func connsNamedOn(t testing.TB, c *goredis.Client, name string) int {
	list, err := c.ClientList(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, cl := range parseClientList(list) {
		if cl.name == name {
			n++
		}
	}
	return n
}

// TestClusterSetGet: SET and GET over many keys of a real three-master
// cluster, a multi-key command with a hash tag, connection counts summed
// over the masters, and Cleanup leaves no key on any master.
func TestClusterSetGet(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := testEnv(t)
	env.URL = cl.URL
	if res := Preflight(ctx, drivers.PreflightRequest{Env: env, Commands: [][]string{{"MSET", "{u}:a", "1", "{u}:b", "2"}}}); len(res.Problems) > 0 {
		t.Fatalf("preflight: %+v", res.Problems)
	}
	cfg := testConfig()
	cfg.PoolSize = 3
	p := testenv.OpenPool(t, Open, cfg, env).(*pool)
	key := arg.Template(`"k:${iteration}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Iteration()})
	set, err := p.Prepare(drivers.Step{Kind: KindSet, Key: &key, Value: new(arg.Const("v"))})
	if err != nil {
		t.Fatal(err)
	}
	get, err := p.Prepare(drivers.Step{Kind: KindGet, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	mset, err := p.Prepare(drivers.Step{Kind: KindCommand, Args: consts("MSET", "{u}:a", "1", "{u}:b", "2")})
	if err != nil {
		t.Fatal(err)
	}
	it := &drivers.WorkerState{}
	const keys = 300
	for i := int64(0); i < keys; i++ {
		it.Seq = i
		if err := set.Do(ctx, it); err != nil {
			t.Fatalf("SET %d: %v", i, err)
		}
		if err := get.Do(ctx, it); err != nil {
			t.Fatalf("GET %d: %v", i, err)
		}
	}
	if err := mset.Do(ctx, it); err != nil {
		t.Fatalf("MSET with a hash tag: %v", err)
	}
	noPoolOp(ctx, t, env)
	perNode := map[string]int{}
	conns := 0
	for _, a := range cl.Masters {
		c := goredis.NewClient(&goredis.Options{Addr: a})
		n, _, err := c.Scan(ctx, 0, env.Namespace+"*", 10000).Result()
		if err != nil {
			t.Fatal(err)
		}
		perNode[a] = len(n)
		conns += connsNamedOn(t, c, p.app)
		_ = c.Close()
	}
	total := 0
	for a, n := range perNode {
		if n == 0 {
			t.Errorf("master %s holds none of the scenario's keys: the keys are not spread", a)
		}
		total += n
	}
	if total != keys+2 {
		t.Errorf("%d keys on the masters, want %d", total, keys+2)
	}
	if n, err := p.ServerConns(ctx); err != nil || n != conns || n < 3 {
		t.Errorf("ServerConns = %d, %v; the masters count %d", n, err, conns)
	}
	if st := p.Stats(); st.TotalConns < 3 {
		t.Errorf("pool stats %+v: want the connections of every node summed", st)
	}
	if st := p.Stats(); st.Moved != 0 || st.Ask != 0 {
		t.Errorf("pool stats %+v: redirections on a stable cluster", st)
	}
	// Per node: one entry per master, in address order, each with
	// connections of its own (pool_size 3 per node), summing to the pool.
	st := p.Stats()
	var sum drivers.NodeStats
	for i, n := range st.Nodes {
		if i > 0 && st.Nodes[i-1].Addr >= n.Addr {
			t.Errorf("nodes not in address order: %+v", st.Nodes)
		}
		if n.TotalConns < 1 || n.TotalConns > int64(cfg.PoolSize) || n.Hits+n.Misses == 0 {
			t.Errorf("node %+v: want 1..%d connections and some use", n, cfg.PoolSize)
		}
		sum.TotalConns += n.TotalConns
		sum.IdleConns += n.IdleConns
		sum.Hits += n.Hits
		sum.Misses += n.Misses
	}
	if len(st.Nodes) != len(cl.Masters) || sum.TotalConns != st.TotalConns || sum.IdleConns != st.IdleConns ||
		sum.Hits != st.Hits || sum.Misses != st.Misses {
		t.Errorf("per-node stats %+v do not add up to the pool's %+v (%d masters)", st.Nodes, st, len(cl.Masters))
	}
	// stressql clean finds and removes the keys on every master.
	cleaner, err := NewCleaner(ctx, cl.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer cleaner.Close()
	naming := drivers.Naming{
		Key: func(k string) (string, string, bool) {
			return env.Namespace, "run", strings.HasPrefix(k, env.Namespace)
		},
		KeyGlob: env.Namespace + "*",
		Conn:    func(string) (string, bool) { return "", false },
	}
	left, err := cleaner.Leftovers(ctx, naming)
	if err != nil || len(left) != 1 || left[0].Keys != keys+2 {
		t.Fatalf("Leftovers = %+v, %v; want %d keys under %s", left, err, keys+2, env.Namespace)
	}
	removed, err := cleaner.Remove(ctx, naming, left)
	if err != nil || len(removed) != 1 || removed[0].Keys != keys+2 {
		t.Fatalf("Remove = %+v, %v", removed, err)
	}
	for i := int64(0); i < 50; i++ {
		it.Seq = i
		if err := set.Do(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	for _, a := range cl.Masters {
		c := goredis.NewClient(&goredis.Options{Addr: a})
		n, _, err := c.Scan(ctx, 0, env.Namespace+"*", 10000).Result()
		_ = c.Close()
		if err != nil || len(n) != 0 {
			t.Errorf("after Cleanup, master %s holds %v (%v)", a, n, err)
		}
	}
}

func (brokenConn) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// TestSentinelDialerKeepsHealthCheck: a tracked TCP connection still
// exposes its descriptor (go-redis health-checks idle connections
// through it), and a sentinel's address is dialed bare, untracked.
func TestSentinelDialerKeepsHealthCheck(t *testing.T) {
	t.Parallel()
	addr := testenv.Listen(t, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
	tcp := func(ctx context.Context, network, a string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, a)
	}
	w := &masterWatch{closed: new(atomic.Bool), sentinels: []string{"127.0.0.1:1"}}
	dial := sentinelDialer(tcp, func(context.Context, string, string) (net.Conn, error) { return brokenConn{}, nil }, w)
	c, err := dial(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.(syscall.Conn); !ok {
		t.Errorf("a tracked TCP connection (%T) hides its descriptor", c)
	}
	if w.current() != addr {
		t.Errorf("master %q after a dial to %s", w.current(), addr)
	}
	if s, _ := dial(context.Background(), "tcp", "127.0.0.1:1"); s != (brokenConn{}) {
		t.Errorf("a sentinel was dialed as a data server: %T", s)
	}
}

// noPoolOp runs a SET on a disabled pool (a fresh client per iteration)
// of env's target, in a namespace of its own (cleaned up at the end).
func noPoolOp(ctx context.Context, t *testing.T, env drivers.Env) {
	t.Helper()
	env.Namespace = strings.TrimSuffix(env.Namespace, ":") + "nopool:"
	cfg := testConfig()
	cfg.Enabled = false
	p := openPool(t, cfg, env)
	op, err := p.Prepare(drivers.Step{Kind: KindSet, Key: new(arg.Const("nopool")), Value: new(arg.Const("v"))})
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatalf("SET without a pool: %v", err)
	}
	if st := p.Stats(); st.NewConns != 1 || st.TotalConns != 0 {
		t.Errorf("disabled pool stats %+v: want one client made, none open", st)
	}
}
