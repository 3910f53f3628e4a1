package redis

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/redis/rediscmd"
	"github.com/stressql/stressql/internal/testenv"
)

// TestPrepareRefusesDangerous: the driver applies the command policy
// again, whatever dsl did; allow_dangerous lifts what it may lift. No
// refused command is ever run.
func TestPrepareRefusesDangerous(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	iter := arg.Template(`"${iteration}"`, arg.Part{Num: arg.Iteration()})
	tests := []struct {
		args     []arg.Expr
		want     string
		liftable bool
	}{
		{consts("EVAL", "return redis.call('FLUSHALL')", "0"), "EVAL is refused because scripts", true},
		{consts("flushall"), "FLUSHALL is refused", true},
		{consts("CLIENT", "KILL", "TYPE", "normal"), "CLIENT KILL is refused", true},
		{consts("CLIENT", "PAUSE", "1000"), "CLIENT PAUSE is refused", true},
		{consts("SELECT", "4"), "SELECT is refused because it changes the connection's database", true},
		{consts("COPY", "a", "b", "DB", "3"), "COPY with DB is refused", true},
		{consts("KEYS", "*"), "KEYS is refused", true},
		{consts("NOSUCHCOMMAND"), "not in stressql's allowlist", true},
		{consts("SUBSCRIBE", "news"), "subscriber", false},
		{consts("FLUSH ALL"), "not a Redis command name", false},
		{[]arg.Expr{arg.Const("CLIENT"), iter}, "cannot depend on iteration", false},
		{[]arg.Expr{arg.Const("ZUNIONSTORE"), arg.Const("d"), iter, arg.Const("a")}, "numkeys", false},
	}
	for _, tt := range tests {
		_, err := p.Prepare(drivers.Step{Kind: KindCommand, Args: tt.args})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Prepare(%s) = %v, want an error containing %q", tt.args[0].Source, err, tt.want)
			continue
		}
		if tt.liftable != strings.Contains(err.Error(), "allow_dangerous = true") {
			t.Errorf("Prepare(%s): %v: says allow_dangerous lifts it: %v, want %v", tt.args[0].Source, err, !tt.liftable, tt.liftable)
		}
		_, err = p.Prepare(drivers.Step{Kind: KindCommand, Args: tt.args, AllowDangerous: true})
		if (err == nil) != tt.liftable {
			t.Errorf("Prepare(%s) with allow_dangerous = %v; lifted: want %v", tt.args[0].Source, err, tt.liftable)
		}
	}
}

// TestTableMatchesServer: every allowed command exists on the server, and
// every one whose keys the server cannot give by fixed positions (movable
// keys, subcommands) has its key positions in the table, so none depends
// on mapping COMMAND GETKEYS names back to positions.
func TestTableMatchesServer(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	ctx := context.Background()
	for _, c := range rediscmd.Table {
		spec, err := p.commandSpec(ctx, strings.ToLower(c.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !spec.known {
			t.Errorf("%s: the server does not know it", c.Name)
			continue
		}
		if (spec.movable || spec.subcommands) && !c.StaticKeys() {
			t.Errorf("%s: the server says its keys move (movable %v, subcommands %v) but the table has no key positions", c.FullName(), spec.movable, spec.subcommands)
		}
	}
}

// TestStaticKeysMatchServer: the table's key positions are the ones
// COMMAND GETKEYS reports, on arguments whose names are all different (so
// that names map back to positions without doubt).
func TestStaticKeysMatchServer(t *testing.T) {
	raw := rawClient(t)
	ctx := context.Background()
	tests := [][]string{
		{"ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"},
		{"ZINTERSTORE", "d", "1", "a", "AGGREGATE", "MAX"},
		{"ZDIFFSTORE", "d", "2", "a", "b"},
		{"ZUNION", "2", "a", "b", "WITHSCORES"},
		{"ZINTER", "1", "a"},
		{"ZDIFF", "3", "a", "b", "c"},
		{"ZINTERCARD", "2", "a", "b", "LIMIT", "5"},
		{"SINTERCARD", "2", "a", "b"},
		{"LMPOP", "2", "a", "b", "LEFT", "COUNT", "3"},
		{"BLMPOP", "0.5", "2", "a", "b", "RIGHT"},
		{"ZMPOP", "1", "a", "MIN"},
		{"BZMPOP", "1", "2", "a", "b", "MAX", "COUNT", "2"},
		{"XREAD", "COUNT", "5", "BLOCK", "10", "STREAMS", "a", "b", "0-0", "1-0"},
		{"XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "a", ">"},
		{"SORT", "a", "BY", "nosort", "LIMIT", "0", "5", "GET", "#", "ALPHA", "DESC", "STORE", "d"},
		{"SORT", "a", "STORE", "d", "STORE", "e"},
		{"SORT_RO", "a", "ALPHA"},
		{"GEORADIUS", "a", "1", "2", "3", "km", "WITHDIST", "COUNT", "5", "ANY", "STORE", "d"},
		{"GEORADIUSBYMEMBER", "a", "m", "3", "km", "STOREDIST", "d"},
		{"XGROUP", "CREATE", "a", "g", "$", "MKSTREAM"},
		{"XGROUP", "DESTROY", "a", "g"},
		{"XINFO", "STREAM", "a"},
		{"XINFO", "CONSUMERS", "a", "g"},
		{"OBJECT", "ENCODING", "a"},
		{"MEMORY", "USAGE", "a"},
	}
	for _, args := range tests {
		cmd := make([]any, len(args))
		for i, a := range args {
			cmd[i] = a
		}
		names, err := raw.CommandGetKeys(ctx, cmd...).Result()
		if err != nil {
			t.Fatalf("COMMAND GETKEYS %v: %v", args, err)
		}
		var want []int
		for _, n := range names {
			want = append(want, slices.Index(args, n))
		}
		ra := rediscmd.Consts(args...)
		c := rediscmd.Find(ra)
		got, ok := c.Keys(ra)
		if !ok || !slices.Equal(got, want) {
			t.Errorf("%v: table keys %v (ok %v), server %v", args, got, ok, want)
		}
	}
}

// TestKeysStayInNamespace runs allowed multi-key and movable-key commands,
// with constant and per-iteration keys, and checks that every key they
// write is under the namespace (and none is outside), and that Cleanup
// removes them all.
func TestKeysStayInNamespace(t *testing.T) {
	env := testEnv(t)
	p := openPool(t, testConfig(), env)
	raw := rawClient(t)
	ctx := context.Background()
	ns := env.Namespace
	u := fmt.Sprintf("polx%d-", time.Now().UnixNano()) // names no one else uses
	per := func(s string) arg.Expr {                   // u + s + iteration
		return arg.Template(`"`+u+s+`${iteration}"`, arg.Part{Lit: u + s}, arg.Part{Num: arg.Iteration()})
	}
	it, sit, bit := per("i"), per("si"), per("bi")
	k := func(s string) arg.Expr { return arg.Const(u + s) }
	c := arg.Const
	steps := [][]arg.Expr{
		{c("MSET"), k("m1"), c("1"), it, c("2")},
		{c("RPUSH"), k("l1"), c("b"), c("a"), c("c")},
		{c("RPUSH"), k("l2"), c("x")},
		{c("LMOVE"), k("l1"), k("l3"), c("LEFT"), c("RIGHT")},
		{c("RPOPLPUSH"), k("l1"), k("l4")},
		{c("BLMOVE"), k("l2"), k("l5"), c("LEFT"), c("LEFT"), c("0.1")},
		{c("RPUSH"), k("l6"), c("1"), c("2"), c("3")},
		{c("LMPOP"), c("2"), k("nolist"), k("l6"), c("LEFT")},
		{c("BLMPOP"), c("0.1"), c("1"), k("l6"), c("RIGHT")},
		{c("SORT"), k("l6"), c("BY"), c("nosort"), c("STORE"), k("sorted")},
		{c("RPUSH"), k("l7"), c("3"), c("1")},
		{c("SORT"), k("l7"), c("GET"), k("trap"), c("STORE"), k("trap")},
		{c("SADD"), k("s1"), c("a"), c("b")},
		{c("SADD"), sit, c("b"), c("c")},
		{c("SDIFFSTORE"), k("s2"), k("s1"), sit},
		{c("SINTERSTORE"), k("s3"), k("s1"), sit},
		{c("SUNIONSTORE"), k("s4"), k("s1"), sit},
		{c("SMOVE"), k("s1"), k("s5"), c("a")},
		{c("ZADD"), k("z1"), c("1"), c("a"), c("2"), c("b")},
		{c("ZADD"), k("z2"), c("3"), c("c")},
		{c("ZUNIONSTORE"), k("z3"), c("2"), k("z1"), k("z2"), c("WEIGHTS"), c("1"), c("2")},
		{c("ZINTERSTORE"), k("z4"), c("1"), k("z1")},
		{c("ZDIFFSTORE"), k("z5"), c("2"), k("z1"), k("z2")},
		{c("ZRANGESTORE"), k("z6"), k("z1"), c("0"), c("-1")},
		{c("ZMPOP"), c("1"), k("z2"), c("MIN")},
		{c("BZMPOP"), c("0.1"), c("1"), k("z1"), c("MAX")},
		{c("SET"), k("b1"), c("a")},
		{c("BITOP"), c("OR"), k("b2"), k("b1"), bit},
		{c("PFADD"), k("h1"), c("a")},
		{c("PFMERGE"), k("h2"), k("h1")},
		{c("GEOADD"), k("g1"), c("13.36"), c("38.11"), c("p")},
		{c("GEORADIUS"), k("g1"), c("13"), c("38"), c("200"), c("km"), c("STORE"), k("g2")},
		{c("GEORADIUSBYMEMBER"), k("g1"), c("p"), c("10"), c("km"), c("STOREDIST"), k("g3")},
		{c("GEOSEARCHSTORE"), k("g4"), k("g1"), c("FROMMEMBER"), c("p"), c("BYRADIUS"), c("10"), c("km")},
		{c("COPY"), k("m1"), k("m2"), c("REPLACE")},
		{c("RENAME"), k("m2"), k("m3")},
		{c("XGROUP"), c("CREATE"), k("x1"), c("g"), c("$"), c("MKSTREAM")},
		{c("XADD"), k("x1"), c("*"), c("f"), c("v")},
		{c("XREADGROUP"), c("GROUP"), c("g"), k("x1"), c("STREAMS"), k("x1"), c(">")},
		{c("XREAD"), c("COUNT"), c("1"), c("STREAMS"), k("x1"), c("0")},
	}
	written := []string{"m1", "i3", "l1", "l3", "l4", "l5", "sorted", "l7", "trap", "s1", "si3", "s2", "s3", "s4",
		"s5", "z1", "z3", "z4", "z5", "z6", "b1", "b2", "h1", "h2", "g1", "g2", "g3", "g4", "m3", "x1"}
	for _, args := range steps {
		op := testenv.Prepare(t, p, drivers.Step{Kind: KindCommand, Args: args})
		if err := op.Do(ctx, &drivers.WorkerState{Seq: 3}); err != nil {
			t.Errorf("%s: %v", args[0].ConstString(), err)
		}
	}
	var outside []string
	for _, a := range steps {
		for _, e := range a[1:] {
			s := e.String(3, 0)
			if strings.HasPrefix(s, u) && raw.Exists(ctx, s).Val() != 0 {
				outside = append(outside, s)
			}
		}
	}
	if len(outside) > 0 {
		t.Errorf("keys written outside the namespace: %v", outside)
	}
	for _, w := range written {
		if raw.Exists(ctx, ns+u+w).Val() != 1 {
			t.Errorf("%s%s%s does not exist", ns, u, w)
		}
	}
	if got := raw.XInfoConsumers(ctx, ns+u+"x1", "g").Val(); len(got) != 1 || got[0].Name != u+"x1" {
		t.Errorf("XREADGROUP consumer = %v, want %s (the consumer name is not a key)", got, u+"x1")
	}
	if err := p.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	var left []string
	iter := raw.Scan(ctx, 0, globEscape(ns)+"*", 1000).Iterator()
	for iter.Next(ctx) {
		left = append(left, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("Cleanup left %v", left)
	}
	for _, a := range steps {
		for _, e := range a[1:] {
			if s := e.String(3, 0); strings.HasPrefix(s, u) {
				_ = raw.Del(ctx, s) // in case a key escaped: leave nothing on the shared server
			}
		}
	}
}

// TestTerminateSparesOtherClients: the terminate fault kills only the
// connections named exactly like the pool's, never a bystander: an
// unnamed client, one with another name, or one whose name merely starts
// like the pool's.
func TestTerminateSparesOtherClients(t *testing.T) {
	cfg := testConfig()
	cfg.MinIdleConns = 2
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	waitConns(t, p, 2)
	opt, err := goredis.ParseURL(testenv.URL(t, "redis"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, name := range []string{"", "bystander", p.app + "x", p.app[:len(p.app)-1]} {
		o := *opt
		o.ClientName, o.PoolSize, o.MaxRetries = name, 1, -1
		c := goredis.NewClient(&o)
		t.Cleanup(func() { _ = c.Close() })
		id, err := c.ClientID(ctx).Result()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if killed, err := p.Terminate(ctx, false); err != nil || killed != 2 {
		t.Fatalf("Terminate = %d, %v; want the pool's 2 connections", killed, err)
	}
	list, err := rawClient(t).ClientList(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	alive := map[string]bool{}
	for _, c := range parseClientList(list) {
		alive[c.id] = true
	}
	for _, id := range ids {
		if !alive[fmt.Sprint(id)] {
			t.Errorf("client %d was killed by the pool's terminate", id)
		}
	}
}
