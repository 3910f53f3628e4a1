package redis

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

func consts(ss ...string) []arg.Expr {
	out := make([]arg.Expr, len(ss))
	for i, s := range ss {
		out[i] = arg.Const(s)
	}
	return out
}

func TestStepKinds(t *testing.T) {
	env := testEnv(t)
	p := openPool(t, testConfig(), env)
	raw := rawClient(t)
	ctx := context.Background()
	keyTmpl := arg.Template(`"k:${iteration}"`, arg.Part{Lit: "k:"}, arg.Part{Num: arg.Iteration()})
	valTmpl := arg.Template(`"w${worker}"`, arg.Part{Lit: "w"}, arg.Part{Num: arg.Worker()})
	ns := env.Namespace
	tests := []struct {
		name  string
		step  drivers.Step
		check func(t *testing.T)
	}{
		{"ping", drivers.Step{Kind: KindPing}, nil},
		{"set const", drivers.Step{Kind: KindSet, Key: new(arg.Const("plain")), Value: new(arg.Const("v"))},
			func(t *testing.T) {
				if v := raw.Get(ctx, ns+"plain").Val(); v != "v" {
					t.Fatalf("%splain = %q, want \"v\"", ns, v)
				}
				if raw.Exists(ctx, "plain").Val() != 0 {
					t.Fatal("the key was written without the namespace")
				}
			}},
		{"set templated with ttl", drivers.Step{Kind: KindSet, Key: &keyTmpl, Value: &valTmpl, TTL: time.Minute},
			func(t *testing.T) {
				if v := raw.Get(ctx, ns+"k:2").Val(); v != "w5" {
					t.Fatalf("%sk:2 = %q, want \"w5\"", ns, v)
				}
				if ttl := raw.PTTL(ctx, ns+"k:2").Val(); ttl <= 0 || ttl > time.Minute {
					t.Fatalf("ttl = %s, want (0, 1m]", ttl)
				}
			}},
		{"get existing", drivers.Step{Kind: KindGet, Key: &keyTmpl}, nil},
		{"get missing is not an error", drivers.Step{Kind: KindGet, Key: new(arg.Const("nope"))}, nil},
		{"command with fixed keys", drivers.Step{Kind: KindCommand, Args: append(consts("MSET", "a", "1"), keyTmpl, valTmpl)},
			func(t *testing.T) {
				if got := raw.MGet(ctx, ns+"a", ns+"k:2").Val(); len(got) != 2 || got[0] != "1" || got[1] != "w5" {
					t.Fatalf("MGET = %v, want [1 w5]", got)
				}
			}},
		{"command with movable keys", drivers.Step{Kind: KindCommand, AllowDangerous: true,
			Args: consts("EVAL", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "evalkey", "x")},
			func(t *testing.T) {
				if v := raw.Get(ctx, ns+"evalkey").Val(); v != "x" {
					t.Fatalf("%sevalkey = %q, want \"x\"", ns, v)
				}
			}},
		{"command with a subcommand", drivers.Step{Kind: KindCommand, Args: consts("OBJECT", "ENCODING", "a")}, nil},
		{"command without keys", drivers.Step{Kind: KindCommand, Args: consts("ECHO", "a")}, nil},
		{"command reading a missing key", drivers.Step{Kind: KindCommand, Args: consts("GET", "missing")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := testenv.Prepare(t, p, tt.step)
			it := &drivers.WorkerState{Seq: 2, Worker: 5, Acquire: time.Hour}
			if err := op.Do(ctx, it); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if it.Acquire != 0 {
				t.Fatalf("Acquire = %s, want 0 (go-redis does not tell)", it.Acquire)
			}
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
}

func TestKeyPositions(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	tests := []struct {
		args []string
		want []int
	}{
		{[]string{"GET", "k"}, []int{1}},
		{[]string{"set", "k", "v", "EX", "10"}, []int{1}},
		{[]string{"MSET", "a", "1", "b", "2"}, []int{1, 3}},
		{[]string{"DEL", "a", "b", "c"}, []int{1, 2, 3}},
		{[]string{"EVAL", "return 1", "2", "a", "b", "c"}, []int{3, 4}},
		{[]string{"ZUNIONSTORE", "dst", "2", "a", "b"}, []int{1, 3, 4}},
		{[]string{"OBJECT", "ENCODING", "a"}, []int{2}},
		{[]string{"PING"}, nil},
		{[]string{"NOSUCHCOMMAND", "a"}, nil},
	}
	for _, tt := range tests {
		got, err := p.keyPositions(context.Background(), tt.args)
		if err != nil {
			t.Fatalf("keyPositions(%v): %v", tt.args, err)
		}
		if !equalInts(got, tt.want) {
			t.Errorf("keyPositions(%v) = %v, want %v", tt.args, got, tt.want)
		}
	}
	if _, ok := p.specs["get"]; !ok {
		t.Error("COMMAND INFO is not cached by command name")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCommandResolvedLazily(t *testing.T) {
	// The server is unreachable at Prepare (monitor included): the first
	// run finds the key positions instead.
	env := testEnv(t)
	p := openPool(t, testConfig(), env)
	up := p.mon.opt
	dead := *up
	dead.Addr = testenv.DeadAddr(t)
	dead.Dialer = nil
	p.mon.close()
	p.mon.opt = &dead
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("SET", "lazy", "1")})
	if op.(*commandOp).plan.Load() != nil {
		t.Fatal("Prepare resolved keys with the server unreachable")
	}
	p.mon.close()
	p.mon.opt = up
	if err := op.Do(context.Background(), &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	if v := rawClient(t).Get(context.Background(), env.Namespace+"lazy").Val(); v != "1" {
		t.Fatalf("%slazy = %q, want \"1\"", env.Namespace, v)
	}
}

func TestQueryErrorReply(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	ctx := context.Background()
	if err := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("SET", "s", "x")}).Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	err := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: consts("LPUSH", "s", "y")}).Do(ctx, &drivers.WorkerState{})
	if err == nil || !strings.HasPrefix(err.Error(), "WRONGTYPE") {
		t.Fatalf("LPUSH on a string: %v, want WRONGTYPE", err)
	}
}

func TestPrepareRejects(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	testenv.PrepareRejects(t, p, []testenv.Rejection{
		{Step: drivers.Step{Kind: "query"}, Want: `unknown step kind "query"`},
		{Step: drivers.Step{Kind: "sleep"}, Want: `unknown step kind "sleep"`},
		{Step: drivers.Step{Kind: KindGet}, Want: "key is missing"},
		{Step: drivers.Step{Kind: KindSet}, Want: "key is missing"},
		{Step: drivers.Step{Kind: KindCommand}, Want: "args is empty"},
	})
}
