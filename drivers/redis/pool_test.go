package redis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/testenv"
)

func TestPoolSizeEnforced(t *testing.T) {
	cfg := testConfig()
	cfg.PoolSize = 5
	cfg.MinIdleConns = 5
	cfg.PoolTimeout = 300 * time.Millisecond
	cfg.ReadTimeout = 5 * time.Second
	p := openPool(t, cfg, testEnv(t))
	// Each worker blocks its connection for 1s on a list nobody pushes to.
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("BLPOP", "never", "1")})

	stopSampling := testenv.SampleMax(func() int64 { return p.Stats().TotalConns })
	var ok, timeouts atomic.Int64
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			err := op.Do(context.Background(), &drivers.WorkerState{})
			switch Classify(err) {
			case "":
				ok.Add(1)
			case errkind.AcquireTimeout:
				timeouts.Add(1)
			default:
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	wg.Wait()
	maxTotal := stopSampling()
	if maxTotal > 5 {
		t.Errorf("TotalConns reached %d, pool_size is 5", maxTotal)
	}
	if ok.Load() != 5 || timeouts.Load() != 5 {
		t.Errorf("ok=%d pool timeouts=%d, want 5 and 5", ok.Load(), timeouts.Load())
	}
	s := p.Stats()
	if s.Timeouts != 5 {
		t.Errorf("Stats = %+v, want 5 timeouts", s)
	}
}

func TestServerConnsAndTerminate(t *testing.T) {
	cfg := testConfig()
	cfg.MinIdleConns = 3
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	waitConns(t, p, 3) // the monitor is not counted
	if s := p.Stats(); s.TotalConns != 3 {
		t.Fatalf("TotalConns = %d, want 3 after Open with min_idle_conns=3", s.TotalConns)
	}

	// One connection is blocked in a command: terminating idle ones
	// spares it.
	blpop := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("BLPOP", "wake", "2")})
	done := make(chan error, 1)
	go func() { done <- blpop.Do(ctx, &drivers.WorkerState{}) }()
	deadline := time.Now().Add(3 * time.Second)
	for !blocked(t, p) {
		if time.Now().After(deadline) {
			t.Fatal("the BLPOP never blocked")
		}
		time.Sleep(5 * time.Millisecond)
	}
	before, err := p.ServerConns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// go-redis replaces the idle connection BLPOP took: min_idle_conns
	// counts idle ones.
	killed, err := p.Terminate(ctx, true)
	if err != nil || killed != before-1 || killed < 2 {
		t.Fatalf("Terminate(idleOnly) = %d, %v; want %d (all but the blocked one)", killed, err, before-1)
	}
	waitConns(t, p, 1)
	if err := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("RPUSH", "wake", "x")}).Do(ctx, &drivers.WorkerState{}); err != nil {
		// the pool hands out a killed connection: a reset, then a fresh one
		if Classify(err) != errkind.Reset {
			t.Fatalf("first command after terminate: %v, want success or reset", err)
		}
		if err := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("RPUSH", "wake", "x")}).Do(ctx, &drivers.WorkerState{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("the blocked command was hit by an idle-only terminate: %v", err)
	}
	killed, err = p.Terminate(ctx, false)
	if err != nil || killed < 1 {
		t.Fatalf("Terminate(all) = %d, %v; want >= 1", killed, err)
	}
	waitConns(t, p, 0)
}

// blocked reports whether one of the pool's connections is blocked.
func blocked(t *testing.T, p *pool) bool {
	list, err := rawClient(t).ClientList(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range parseClientList(list) {
		if c.name == p.app && c.busy {
			return true
		}
	}
	return false
}

func TestPause(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	ping := testenv.Prepare(t, p, drivers.Step{Kind: KindPing})
	ctx := context.Background()
	if err := ping.Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := p.Pause(ctx, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := ping.Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Fatalf("ping during a 300ms pause returned after %s", d)
	}
}

func TestCleanup(t *testing.T) {
	env := testEnv(t)
	p := openPool(t, testConfig(), env)
	raw := rawClient(t)
	ctx := context.Background()
	outside := strings.TrimSuffix(env.Namespace, ":") + "-outside"
	if err := raw.Set(ctx, outside, "keep", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Del(ctx, outside) })
	key := arg.Template(`"k${iteration}"`, arg.Part{Lit: "k"}, arg.Part{Num: arg.Iteration()})
	set := testenv.Prepare(t, p, drivers.Step{Kind: KindSet, Key: &key, Value: new(arg.Const("v"))})
	const n = 1234 // more than one SCAN/UNLINK batch
	for i := range n {
		if err := set.Do(ctx, &drivers.WorkerState{Seq: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		keys, err := raw.Keys(ctx, globEscape(env.Namespace)+"*").Result()
		if err != nil {
			t.Fatal(err)
		}
		return len(keys)
	}
	if got := count(); got != n {
		t.Fatalf("keys in the namespace = %d, want %d", got, n)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 0 {
		t.Fatalf("Cleanup left %d keys", got)
	}
	if raw.Get(ctx, outside).Val() != "keep" {
		t.Fatal("Cleanup removed a key outside the namespace")
	}
	if p.mon.c != nil {
		t.Fatal("Cleanup left the monitor open")
	}
}

func TestCloseLeavesNoConnections(t *testing.T) {
	cfg := testConfig()
	cfg.MinIdleConns = 4
	dp, err := Open(context.Background(), cfg, testEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	p := dp.(*pool)
	t.Cleanup(func() { _ = p.Cleanup(context.Background()) })
	waitConns(t, p, 4)

	// Close waits for a running command until its ctx ends...
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("BLPOP", "never", "1")})
	running := make(chan error, 1)
	go func() { running <- op.Do(context.Background(), &drivers.WorkerState{}) }()
	for p.inflight.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	err = p.Close(ctx)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close with a command running past ctx: %v, want DeadlineExceeded", err)
	}
	// ...then cuts it...
	if err := <-running; Classify(err) != errkind.Closed {
		t.Fatalf("command cut by Close: %v (kind %q), want kind closed", err, Classify(err))
	}
	// ...and refuses new work.
	err = testenv.Prepare(t, p, drivers.Step{Kind: KindPing}).Do(context.Background(), &drivers.WorkerState{})
	if !errors.Is(err, drivers.ErrPoolClosed) {
		t.Fatalf("ping after Close: %v, want ErrPoolClosed", err)
	}
	for range 2 {
		if err := p.Close(context.Background()); err != nil {
			t.Fatalf("repeated Close: %v", err)
		}
	}
	waitConns(t, p, 0)
	if p.mon.c != nil {
		t.Fatal("ServerConns after Close left the monitor open")
	}
}

func TestDisabledPool(t *testing.T) {
	cfg := testConfig()
	cfg.Enabled = false
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	ping := testenv.Prepare(t, p, drivers.Step{Kind: KindPing})
	for i := range 3 {
		if err := ping.Do(ctx, &drivers.WorkerState{}); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
	}
	if s := p.Stats(); s.NewConns != 3 || s.TotalConns != 0 {
		t.Fatalf("Stats = %+v, want 3 new connections, none open", s)
	}
	waitConns(t, p, 0)
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("BLPOP", "never", "1")})
	done := make(chan error, 1)
	go func() { done <- op.Do(ctx, &drivers.WorkerState{}) }()
	waitConns(t, p, 1)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	waitConns(t, p, 0)
}

func TestDialAddr(t *testing.T) {
	for _, enabled := range []bool{true, false} {
		t.Run(fmt.Sprintf("pool enabled=%v", enabled), func(t *testing.T) {
			fw := testenv.NewForwarder(t, testenv.ServerAddr(t, "redis"))
			cfg := testConfig()
			cfg.Enabled = enabled
			env := testEnv(t)
			env.DialAddr = fw.Addr()
			p := openPool(t, cfg, env)
			if err := testenv.Prepare(t, p, drivers.Step{Kind: KindPing}).Do(context.Background(), &drivers.WorkerState{}); err != nil {
				t.Fatal(err)
			}
			if fw.Accepted() != 1 {
				t.Fatalf("connections through DialAddr = %d, want 1", fw.Accepted())
			}
		})
	}
}

// TestNewConnectionRoundTrips counts what a connection costs before its
// first command: the dialer's one round trip (AUTH when the URL has
// credentials, and CLIENT SETNAME) and go-redis's HELLO. go-redis would
// name the connection again in a round trip of its own if its options
// held the name (options leaves it to the dialer).
func TestNewConnectionRoundTrips(t *testing.T) {
	fw := testenv.NewForwarder(t, testenv.ServerAddr(t, "redis"))
	cfg := testConfig()
	cfg.PoolSize = 1
	env := testEnv(t)
	env.DialAddr = fw.Addr()
	p := openPool(t, cfg, env)
	ping := testenv.Prepare(t, p, drivers.Step{Kind: KindPing})
	for range 2 {
		if err := ping.Do(context.Background(), &drivers.WorkerState{}); err != nil {
			t.Fatal(err)
		}
	}
	// dial (SETNAME), HELLO, PING, PING
	if got := fw.Turns(); fw.Accepted() != 1 || got != 4 {
		t.Fatalf("%d connections, %d round trips for two PINGs on a new connection; want 1 and 4 (SETNAME, HELLO, PING, PING)", fw.Accepted(), got)
	}
	list, err := rawClient(t).ClientList(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	if n := countNamed(list, p.app); n != 1 {
		t.Fatalf("%d connections named %q after HELLO, want 1: the dialer's name must survive go-redis's handshake", n, p.app)
	}
}

func TestUnreachable(t *testing.T) {
	testenv.Unreachable(t, "redis", func(t *testing.T, enabled bool, env drivers.Env) error {
		cfg := testConfig()
		cfg.Enabled = enabled
		cfg.MinIdleConns = 2 // Open must still succeed, quickly
		start := time.Now()
		p := openPool(t, cfg, env)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Open against an unreachable server took %s", d)
		}
		return testenv.Prepare(t, p, drivers.Step{Kind: KindPing}).Do(context.Background(), &drivers.WorkerState{})
	})
}

func TestOpenRejectsInvalidConfig(t *testing.T) {
	const secret = "s3cr3t-pw"
	tests := []struct {
		name string
		cfg  func(Config) Config
		url  string
		want string
	}{
		{"bad port", nil, "redis://:" + secret + "@127.0.0.1:notaport/0", "redis"},
		{"bad scheme", nil, "http://:" + secret + "@127.0.0.1:6379/0", "redis"},
		{"bad db", nil, "redis://:" + secret + "@127.0.0.1:6379/x", "redis"},
		{"pool_size 0", func(c Config) Config { c.PoolSize = 0; return c }, "redis://127.0.0.1:6379/0", "pool_size"},
		{"min idle over size", func(c Config) Config { c.MinIdleConns = 11; return c }, "redis://127.0.0.1:6379/0", "min_idle_conns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			if tt.cfg != nil {
				cfg = tt.cfg(cfg)
			}
			p, err := Open(context.Background(), cfg, drivers.Env{URL: tt.url, AppName: "x"})
			testenv.RejectedOpen(t, p, err, secret, tt.want)
		})
	}
}

func TestParseClientList(t *testing.T) {
	list := "id=3 addr=127.0.0.1:1 laddr=127.0.0.1:6379 fd=8 name=app age=1 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 cmd=get\n" +
		"id=4 addr=127.0.0.1:2 fd=9 name=app flags=b multi=-1 qbuf=0 cmd=blpop\n" +
		"id=5 addr=127.0.0.1:3 fd=10 name=app flags=x multi=2 qbuf=0 cmd=set\n" +
		"id=6 addr=127.0.0.1:4 fd=11 name= flags=N multi=-1 qbuf=26 cmd=NULL\n"
	want := []client{{"3", "app", false}, {"4", "app", true}, {"5", "app", true}, {"6", "", true}}
	got := parseClientList(list)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("parseClientList = %v, want %v", got, want)
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ in, app, monitor string }{
		{"stressql-run-x", "stressql-run-x", "stressql-run-x#monitor"},
		{"with space\né", "with_space___", "with_space___#monitor"},
		{"", "", "stressql#monitor"},
	}
	for _, tt := range tests {
		if got := clientName(tt.in); got != tt.app {
			t.Errorf("clientName(%q) = %q, want %q", tt.in, got, tt.app)
		}
		if got := monitorName(tt.app); got != tt.monitor {
			t.Errorf("monitorName(%q) = %q, want %q", tt.app, got, tt.monitor)
		}
	}
	if got := globEscape(`a*b?c[d]e\f`); got != `a\*b\?c\[d\]e\\f` {
		t.Errorf("globEscape = %q", got)
	}
}

// TestCountNamed: countNamed counts what parseClientList finds, and
// allocates nothing (the sampler calls it every sample interval).
func TestCountNamed(t *testing.T) {
	var b strings.Builder
	for i := range 100 {
		name := "app"
		if i%3 == 0 {
			name = "other"
		}
		fmt.Fprintf(&b, "id=%d addr=127.0.0.1:%d laddr=127.0.0.1:6379 fd=%d name=%s age=1 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 cmd=ping\n", i+1, 40000+i, i+8, name)
	}
	list := b.String()
	for _, tc := range []struct {
		list, name string
		want       int
	}{
		{list, "app", 66},
		{list, "other", 34},
		{list, "ap", 0},
		{"id=1 name=app\r\nid=2\tname=app  flags=N\nname=app\n\n", "app", 2}, // the last has no id
		{"", "app", 0},
		{"id=1 name=", "", 1},
	} {
		want := 0
		for _, c := range parseClientList(tc.list) {
			if c.name == tc.name {
				want++
			}
		}
		got := countNamed(tc.list, tc.name)
		if got != tc.want || want != tc.want {
			t.Errorf("countNamed(%.40q, %q) = %d, parseClientList counts %d, want %d", tc.list, tc.name, got, want, tc.want)
		}
	}
	if a := testing.AllocsPerRun(100, func() { countNamed(list, "app") }); a != 0 {
		t.Errorf("countNamed allocates %.0f times per call, want 0", a)
	}
}

// FuzzCountNamed: on any ASCII input, parseClientList and countNamed
// agree with the straightforward parse they replaced (strings.Split and
// strings.Fields, which also splits at Unicode spaces Redis never writes).
func FuzzCountNamed(f *testing.F) {
	f.Add("id=3 addr=127.0.0.1:1 name=app flags=N multi=-1 qbuf=0\nid=4 name=app flags=b\n", "app")
	f.Add("id=\nname=x id=1 name=x\r\n", "x")
	f.Fuzz(func(t *testing.T, list, name string) {
		for i := range len(list) {
			if list[i] >= 0x80 {
				t.Skip("not ASCII")
			}
		}
		var want []client
		for _, line := range strings.Split(list, "\n") {
			var c client
			for _, field := range strings.Fields(line) {
				k, v, _ := strings.Cut(field, "=")
				switch k {
				case "id":
					c.id = v
				case "name":
					c.name = v
				case "flags":
					c.busy = c.busy || strings.ContainsAny(v, "bx")
				case "multi":
					c.busy = c.busy || (v != "-1" && v != "")
				case "qbuf":
					c.busy = c.busy || (v != "0" && v != "")
				}
			}
			if c.id != "" {
				want = append(want, c)
			}
		}
		if got := parseClientList(list); !slices.Equal(got, want) {
			t.Fatalf("parseClientList = %v, want %v", got, want)
		}
		n := 0
		for _, c := range want {
			if c.name == name {
				n++
			}
		}
		if got := countNamed(list, name); got != n {
			t.Fatalf("countNamed = %d, want %d", got, n)
		}
	})
}
