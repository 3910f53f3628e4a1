package redis

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/redis/rediscmd"
	"github.com/stressql/stressql/internal/testenv"
)

// TestSafetyKeys: the adapter over drivers/redis/rediscmd, with the key
// positions found as resolve finds them (the command table, else the
// real server's COMMAND INFO / GETKEYS), so the order of the keys the
// table's CreatesFirst / CreatesRest count on is the server's.
func TestSafetyKeys(t *testing.T) {
	t.Parallel()
	p := openPool(t, testConfig(), testEnv(t))
	ctx := context.Background()
	tests := []struct {
		cmd      []string
		expire   []int // positions in cmd
		appendPX bool
		desc     string
	}{
		{[]string{"set", "k", "v"}, []int{1}, true, "plain SET"},
		{[]string{"set", "k", "v", "NX", "GET"}, []int{1}, true, "SET NX GET"},
		{[]string{"set", "k", "v", "px", "5000"}, nil, false, "SET PX"},
		{[]string{"set", "k", "v", "EXAT", "99999999999"}, nil, false, "SET EXAT"},
		{[]string{"set", "k", "v", "KEEPTTL"}, []int{1}, false, "SET KEEPTTL: a new key has none, an old one keeps its own"},
		{[]string{"SET", "k", "v", "xx", "keepttl"}, []int{1}, false, "SET XX KEEPTTL"},
		{[]string{"set", "k", "ex"}, []int{1}, true, "the value ex is not an option"},
		{[]string{"setex", "k", "10", "v"}, nil, false, "SETEX"},
		{[]string{"restore", "k", "0", "x"}, []int{1}, false, "RESTORE with ttl 0 has none"},
		{[]string{"restore", "k", "100", "x"}, nil, false, "RESTORE with a ttl"},
		{[]string{"hset", "h", "f", "v"}, []int{1}, false, "HSET"},
		{[]string{"mset", "a", "1", "b", "2"}, []int{1, 3}, false, "MSET: every key"},
		{[]string{"getset", "k", "v"}, []int{1}, false, "GETSET"},
		{[]string{"rename", "a", "b"}, []int{2}, false, "RENAME: the destination"},
		{[]string{"renamenx", "a", "b"}, []int{2}, false, "RENAMENX: the destination"},
		{[]string{"copy", "a", "b"}, []int{2}, false, "COPY: the destination"},
		{[]string{"smove", "a", "b", "m"}, []int{2}, false, "SMOVE: the destination"},
		{[]string{"lmove", "a", "b", "LEFT", "RIGHT"}, []int{2}, false, "LMOVE: the destination"},
		{[]string{"blmove", "a", "b", "LEFT", "RIGHT", "0"}, []int{2}, false, "BLMOVE: the destination"},
		{[]string{"rpoplpush", "a", "b"}, []int{2}, false, "RPOPLPUSH: the destination"},
		{[]string{"bitop", "AND", "dst", "a", "b"}, []int{2}, false, "BITOP: the destination"},
		{[]string{"sunionstore", "d", "a", "b"}, []int{1}, false, "SUNIONSTORE: the destination"},
		{[]string{"zunionstore", "d", "2", "a", "b", "WEIGHTS", "1", "2"}, []int{1}, false, "ZUNIONSTORE: the destination"},
		{[]string{"zrangestore", "d", "s", "0", "-1"}, []int{1}, false, "ZRANGESTORE: the destination"},
		{[]string{"pfmerge", "d", "a", "b"}, []int{1}, false, "PFMERGE: the destination"},
		{[]string{"geosearchstore", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"}, []int{1}, false, "GEOSEARCHSTORE: the destination"},
		{[]string{"georadius", "g", "1", "2", "3", "km", "STORE", "d"}, []int{7}, false, "GEORADIUS STORE"},
		{[]string{"georadius", "g", "1", "2", "3", "km"}, nil, false, "GEORADIUS without STORE only reads"},
		{[]string{"sort", "l", "LIMIT", "0", "5", "STORE", "dst"}, []int{6}, false, "SORT STORE"},
		{[]string{"sort", "l"}, nil, false, "SORT without STORE only reads"},
		{[]string{"xgroup", "CREATE", "s", "g", "$", "MKSTREAM"}, []int{2}, false, "XGROUP CREATE MKSTREAM"},
		{[]string{"xgroup", "CREATE", "s", "g", "$"}, nil, false, "XGROUP CREATE of an existing stream"},
		{[]string{"xadd", "s", "*", "f", "v"}, []int{1}, false, "XADD"},
		{[]string{"get", "k"}, nil, false, "GET reads"},
		{[]string{"del", "k"}, nil, false, "DEL deletes"},
		{[]string{"persist", "k"}, nil, false, "PERSIST only changes the expiry"},
		{[]string{"expire", "k", "10"}, nil, false, "EXPIRE sets its own"},
		{[]string{"lpop", "k"}, nil, false, "a pop never creates a key"},
		{[]string{"lpushx", "k", "a"}, nil, false, "LPUSHX never creates a key"},
		{[]string{"lset", "k", "0", "a"}, nil, false, "LSET never creates a key"},
		{[]string{"eval", "return 1", "1", "k"}, nil, false, "a command the table does not know"},
		{[]string{"hset"}, nil, false, "no arguments: no position out of range"},
	}
	for _, tt := range tests {
		pos, ok := staticKeys(rediscmd.Consts(tt.cmd...))
		if !ok {
			var err error
			if pos, err = p.keyPositions(ctx, tt.cmd); err != nil {
				t.Fatalf("%s: %v", tt.desc, err)
			}
		}
		expire, appendPX := safetyKeys(tt.cmd, pos)
		if !slices.Equal(expire, tt.expire) || appendPX != tt.appendPX {
			t.Errorf("%s: safetyKeys(%v, keys %v) = %v, %v; want %v, %v", tt.desc, tt.cmd, pos, expire, appendPX, tt.expire, tt.appendPX)
		}
	}
}

func TestServerVersion(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		info string
		ok   bool
	}{
		{"# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n", true},
		{"# Server\r\nredis_version:7.2.4\r\n", true},
		{"redis_version:10.0.0\r\n", true},
		{"# Server\r\nredis_version:6.2.14\r\n", false},
		{"redis_version:5.0.7\r\n", false},
		{"nothing here", false},
	} {
		if got := atLeast(serverVersion(tt.info), 7, 0); got != tt.ok {
			t.Errorf("atLeast(%q, 7.0) = %v, want %v", serverVersion(tt.info), got, tt.ok)
		}
	}
}

// TestSafetyTTL: after each step, PTTL of each key is what the step asked
// for, or the safety net where it asked for none; an own TTL is never
// changed, not even by a later write.
func TestSafetyTTL(t *testing.T) {
	const safety = 90 * time.Minute
	env := testEnv(t)
	env.SafetyTTL = safety
	p := openPool(t, testConfig(), env)
	raw := rawClient(t)
	ctx := context.Background()
	ns := env.Namespace
	keyTmpl := arg.Template(`"t:${iteration}"`, arg.Part{Lit: "t:"}, arg.Part{Num: arg.Iteration()})

	// within: the TTL is in (0, d] and no more than a minute below d
	// (the test takes seconds, not minutes).
	within := func(d time.Duration) func(time.Duration) bool {
		return func(ttl time.Duration) bool { return ttl > 0 && ttl <= d && ttl > d-time.Minute }
	}
	safetyNet, noTTL := within(safety), func(ttl time.Duration) bool { return ttl == -1 }
	cmd := func(args ...string) drivers.Step { return drivers.Step{Kind: KindCommand, Args: consts(args...)} }
	type want struct {
		key string
		ok  func(time.Duration) bool
	}
	tests := []struct {
		name  string
		steps []drivers.Step
		want  []want
	}{
		{"set step without ttl", []drivers.Step{{Kind: KindSet, Key: new(arg.Const("s1")), Value: new(arg.Const("v"))}},
			[]want{{"s1", safetyNet}}},
		{"set step templated, dynamic value", []drivers.Step{{Kind: KindSet, Key: &keyTmpl, Value: &keyTmpl}},
			[]want{{"t:7", safetyNet}}},
		{"set step with its own ttl", []drivers.Step{{Kind: KindSet, Key: new(arg.Const("s2")), Value: new(arg.Const("v")), TTL: 5 * time.Second}},
			[]want{{"s2", within(5 * time.Second)}}},
		{"SET", []drivers.Step{cmd("SET", "c1", "v")}, []want{{"c1", safetyNet}}},
		{"SET PX 5000 keeps its own", []drivers.Step{cmd("SET", "c2", "v", "PX", "5000")}, []want{{"c2", within(5 * time.Second)}}},
		{"SET EX keeps its own", []drivers.Step{cmd("SET", "c3", "v", "EX", "100")}, []want{{"c3", within(100 * time.Second)}}},
		{"SETEX keeps its own", []drivers.Step{cmd("SETEX", "c4", "100", "v")}, []want{{"c4", within(100 * time.Second)}}},
		{"SET KEEPTTL on a new key", []drivers.Step{cmd("SET", "c5", "v", "KEEPTTL")}, []want{{"c5", safetyNet}}},
		{"SET KEEPTTL keeps an own TTL", []drivers.Step{cmd("SET", "c6", "v", "PX", "5000"), cmd("SET", "c6", "w", "KEEPTTL")},
			[]want{{"c6", within(5 * time.Second)}}},
		{"HSET", []drivers.Step{cmd("HSET", "h1", "f", "v")}, []want{{"h1", safetyNet}}},
		{"HSET after an own EXPIRE keeps it", []drivers.Step{cmd("HSET", "h2", "f", "v"), cmd("PEXPIRE", "h2", "5000"), cmd("HSET", "h2", "g", "w")},
			[]want{{"h2", within(5 * time.Second)}}},
		{"LPUSH", []drivers.Step{cmd("LPUSH", "l1", "a", "b")}, []want{{"l1", safetyNet}}},
		{"SADD", []drivers.Step{cmd("SADD", "set1", "a")}, []want{{"set1", safetyNet}}},
		{"ZADD", []drivers.Step{cmd("ZADD", "z1", "1", "a")}, []want{{"z1", safetyNet}}},
		{"XADD", []drivers.Step{cmd("XADD", "x1", "*", "f", "v")}, []want{{"x1", safetyNet}}},
		{"INCR", []drivers.Step{cmd("INCR", "n1")}, []want{{"n1", safetyNet}}},
		{"APPEND", []drivers.Step{cmd("APPEND", "a1", "x")}, []want{{"a1", safetyNet}}},
		{"SETRANGE", []drivers.Step{cmd("SETRANGE", "r1", "3", "x")}, []want{{"r1", safetyNet}}},
		{"MSET: every key", []drivers.Step{cmd("MSET", "m1", "1", "m2", "2")}, []want{{"m1", safetyNet}, {"m2", safetyNet}}},
		{"RENAME moves an own TTL", []drivers.Step{cmd("SET", "rn1", "v", "PX", "5000"), cmd("RENAME", "rn1", "rn2")},
			[]want{{"rn2", within(5 * time.Second)}}},
		{"COPY destination", []drivers.Step{cmd("SADD", "cp1", "a"), cmd("PERSIST", "cp1"), cmd("COPY", "cp1", "cp2")},
			[]want{{"cp1", noTTL}, {"cp2", safetyNet}}},
		{"SORT STORE", []drivers.Step{cmd("RPUSH", "so1", "3", "1"), cmd("SORT", "so1", "STORE", "so2")}, []want{{"so2", safetyNet}}},
		{"SUNIONSTORE", []drivers.Step{cmd("SADD", "u1", "a"), cmd("SUNIONSTORE", "u2", "u1")}, []want{{"u2", safetyNet}}},
		{"ZUNIONSTORE destination, not its sources", []drivers.Step{cmd("ZADD", "zu1", "1", "a"), cmd("PERSIST", "zu1"), cmd("ZUNIONSTORE", "zu2", "1", "zu1")},
			[]want{{"zu1", noTTL}, {"zu2", safetyNet}}},
		{"SMOVE destination, not its source", []drivers.Step{cmd("SADD", "sm1", "a", "b"), cmd("PERSIST", "sm1"), cmd("SMOVE", "sm1", "sm2", "a")},
			[]want{{"sm1", noTTL}, {"sm2", safetyNet}}},
		{"GEORADIUS STORE", []drivers.Step{cmd("GEOADD", "ge1", "13.36", "38.11", "p"), cmd("GEORADIUS", "ge1", "13.36", "38.11", "10", "km", "STORE", "ge2")},
			[]want{{"ge2", safetyNet}}},
		{"XGROUP CREATE MKSTREAM", []drivers.Step{cmd("XGROUP", "CREATE", "xg1", "g", "$", "MKSTREAM")}, []want{{"xg1", safetyNet}}},
		{"BLMOVE destination", []drivers.Step{cmd("RPUSH", "bl1", "a", "b"), cmd("BLMOVE", "bl1", "bl2", "LEFT", "RIGHT", "1")},
			[]want{{"bl2", safetyNet}}},
		{"PERSIST removes the safety net", []drivers.Step{cmd("HSET", "p1", "f", "v"), cmd("PERSIST", "p1")}, []want{{"p1", noTTL}}},
		{"reads create nothing", []drivers.Step{cmd("GET", "g1"), {Kind: KindGet, Key: new(arg.Const("g2"))}},
			[]want{{"g1", func(ttl time.Duration) bool { return ttl == -2 }}, {"g2", func(ttl time.Duration) bool { return ttl == -2 }}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.steps {
				op := testenv.Prepare(t, p, s)
				if err := op.Do(ctx, &drivers.WorkerState{Seq: 7}); err != nil {
					t.Fatalf("%v: %v", s.Args, err)
				}
			}
			for _, w := range tt.want {
				ttl, err := raw.PTTL(ctx, ns+w.key).Result()
				if err != nil {
					t.Fatal(err)
				}
				if !w.ok(ttl) {
					t.Errorf("PTTL %s%s = %v (%d ms)", ns, w.key, ttl, ttl.Milliseconds())
				}
			}
		})
	}
}

// TestNoSafetyTTL: without Env.SafetyTTL nothing gets an expiry.
func TestNoSafetyTTL(t *testing.T) {
	env := testEnv(t)
	p := openPool(t, testConfig(), env)
	raw, ctx := rawClient(t), context.Background()
	for _, s := range []drivers.Step{
		{Kind: KindSet, Key: new(arg.Const("a")), Value: new(arg.Const("v"))},
		{Kind: KindCommand, Args: consts("HSET", "b", "f", "v")},
	} {
		if err := testenv.Prepare(t, p, s).Do(ctx, &drivers.WorkerState{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"a", "b"} {
		if ttl := raw.PTTL(ctx, env.Namespace+k).Val(); ttl != -1 {
			t.Errorf("PTTL %s = %v, want none", k, ttl)
		}
	}
}

// TestSafetyTTLAllocations: the safety net costs the SET path no
// allocation: a set step without ttl on a pool with a safety net
// allocates no more than on a pool without one (SET without PX), and a
// plain SET command step no more either.
func TestSafetyTTLAllocations(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig()
	cfg.MinIdleConns = 1
	plain := openPool(t, cfg, testEnv(t))
	env := testEnv(t)
	env.SafetyTTL = time.Hour
	safe := openPool(t, cfg, env)
	allocs := func(p *pool, s drivers.Step) float64 {
		op := testenv.Prepare(t, p, s)
		it := &drivers.WorkerState{Scratch: make([]byte, 0, 64)}
		return testing.AllocsPerRun(100, func() {
			it.Seq++
			if err := op.Do(ctx, it); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, tt := range []struct {
		name string
		step drivers.Step
	}{
		{"set const key", drivers.Step{Kind: KindSet, Key: new(arg.Const("k")), Value: new(arg.Const("value"))}},
		{"set templated key", drivers.Step{Kind: KindSet, Key: &benchKey, Value: new(arg.Const("value"))}},
		{"SET command", drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("SET"), benchKey, arg.Const("value")}}},
	} {
		without, with := allocs(plain, tt.step), allocs(safe, tt.step)
		t.Logf("%s: %.1f allocs per Do with the safety net, %.1f without", tt.name, with, without)
		if with > without {
			t.Errorf("%s: %.1f allocs per Do with the safety net, %.1f without", tt.name, with, without)
		}
	}
}

func benchSafety(b *testing.B, s drivers.Step) {
	cfg := testConfig()
	cfg.MinIdleConns = 1
	env := testEnv(b)
	env.SafetyTTL = time.Hour
	testenv.Bench(b, testenv.Prepare(b, openPool(b, cfg, env), s))
}

// BenchmarkSetSafetyTTL is BenchmarkSet with the safety net: SET ... PX.
func BenchmarkSetSafetyTTL(b *testing.B) {
	benchSafety(b, drivers.Step{Kind: KindSet, Key: &benchKey, Value: new(arg.Const("value"))})
}

// BenchmarkCommandHSetSafetyTTL: HSET and PEXPIRE ... NX in one pipeline.
func BenchmarkCommandHSetSafetyTTL(b *testing.B) {
	benchSafety(b, drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("HSET"), benchKey, arg.Const("f"), arg.Const("v")}})
}

// BenchmarkCommandHSet is the same HSET without a safety net.
func BenchmarkCommandHSet(b *testing.B) {
	benchOp(b, drivers.Step{Kind: KindCommand, Args: []arg.Expr{arg.Const("HSET"), benchKey, arg.Const("f"), arg.Const("v")}})
}
