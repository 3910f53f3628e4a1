package rediscmd

import (
	"slices"
	"strings"
	"testing"
)

// dyn is a per-iteration argument.
var dyn = Arg{}

func args(vals ...any) []Arg {
	out := make([]Arg, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case string:
			out[i] = Arg{Value: v, Const: true}
		case Arg:
			out[i] = v
		}
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		args     []Arg
		allowed  string // the entry's FullName when allowed
		summary  string // else the refusal
		command  string
		index    int
		liftable bool
		group    *Group
	}{
		{args: args("GET", "k"), allowed: "GET"},
		{args: args("get", dyn), allowed: "GET"},
		{args: args("Set", "k", "v", "EX", dyn), allowed: "SET"},
		{args: args("CLIENT", "setname", "x"), allowed: "CLIENT SETNAME"},
		{args: args("client", "ID"), allowed: "CLIENT ID"},
		{args: args("COPY", "a", "b", "REPLACE"), allowed: "COPY"},
		{args: args("COPY", dyn, dyn), allowed: "COPY"},
		{args: args("SORT", "k", "BY", "nosort", "GET", "#", "STORE", dyn), allowed: "SORT"},
		{args: args("SORT_RO", "k", "LIMIT", dyn, dyn, "ALPHA", "DESC"), allowed: "SORT_RO"},
		{args: args("ZUNIONSTORE", "d", "2", dyn, "b", "WEIGHTS", dyn, "1"), allowed: "ZUNIONSTORE"},
		{args: args("XREADGROUP", "GROUP", dyn, dyn, "COUNT", dyn, "NOACK", "STREAMS", "a", dyn, ">", ">"), allowed: "XREADGROUP"},
		{args: args("GEORADIUS", "g", "1", "2", "3", "km", "COUNT", dyn, "STORE", dyn), allowed: "GEORADIUS"},
		{args: args("MEMORY", "usage", "k"), allowed: "MEMORY USAGE"},
		{args: args("PING"), allowed: "PING"},

		{args: args("EVAL", "return redis.call('FLUSHALL')", "0"), summary: "Dangerous Redis command", command: "EVAL", liftable: true, group: Scripting},
		{args: args("flushall"), summary: "Dangerous Redis command", command: "FLUSHALL", liftable: true, group: Keyspace},
		{args: args("CLIENT", "KILL", "TYPE", "normal"), summary: "Dangerous Redis command", command: "CLIENT KILL", index: 1, liftable: true, group: Clients},
		{args: args("CLIENT"), summary: "Dangerous Redis command", command: "CLIENT", liftable: true, group: Clients},
		{args: args("CLIENT", dyn), summary: "Argument must be constant", command: "CLIENT", index: 1},
		{args: args("MEMORY", "PURGE"), summary: "Dangerous Redis command", command: "MEMORY PURGE", index: 1, liftable: true, group: Admin},
		{args: args("OBJECT", "HELP"), summary: "Dangerous Redis command", command: "OBJECT HELP", index: 1, liftable: true, group: Unknown},
		{args: args("SELECT", "4"), summary: "Dangerous Redis command", command: "SELECT", liftable: true, group: Database},
		{args: args("COPY", "a", "b", "db", "3"), summary: "Dangerous Redis command", command: "COPY with DB", index: 3, liftable: true, group: Database},
		{args: args("COPY", "a", "b", dyn, "3"), summary: "Argument must be constant", command: "COPY", index: 3},
		{args: args("SORT", "k", "BY", "w_*"), summary: "Dangerous Redis command", command: "SORT BY pattern", index: 3, liftable: true, group: Patterns},
		{args: args("SORT", "k", "GET", dyn), summary: "Dangerous Redis command", command: "SORT GET pattern", index: 3, liftable: true, group: Patterns},
		{args: args("SORT", "k", "STORE"), summary: "Cannot tell the keys of the command", command: "SORT", index: 2},
		{args: args("SORT", "k", "FOO"), summary: "Cannot tell the keys of the command", command: "SORT", index: 2},
		{args: args("SORT_RO", "k", "STORE", "d"), summary: "Cannot tell the keys of the command", command: "SORT_RO", index: 2},
		{args: args("ZUNIONSTORE", "d", dyn, "a"), summary: "Argument must be constant", command: "ZUNIONSTORE", index: 2},
		{args: args("ZUNIONSTORE", "d", "3", "a", "b"), summary: "Cannot tell the keys of the command", command: "ZUNIONSTORE", index: 2},
		{args: args("LMPOP", "0", "a", "LEFT"), summary: "Cannot tell the keys of the command", command: "LMPOP", index: 1},
		{args: args("XREAD", dyn, "1", "STREAMS", "a", "0"), summary: "Argument must be constant", command: "XREAD", index: 1},
		{args: args("XREAD", "STREAMS", "a", "b", "0"), summary: "Cannot tell the keys of the command", command: "XREAD"},
		{args: args("GEORADIUS", "g", "1", "2", "3", "km", dyn), summary: "Argument must be constant", command: "GEORADIUS", index: 6},
		{args: args("SUBSCRIBE", "ch"), summary: "Unsupported Redis command", command: "SUBSCRIBE"},
		{args: args("JSON.SET", "k", "$", "1"), summary: "Dangerous Redis command", command: "JSON.SET", liftable: true, group: Unknown},
		{args: args(" GET", "k"), summary: "Invalid command name", command: `" GET"`},
		{args: args("GET\n", "k"), summary: "Invalid command name", command: `"GET\n"`},
		{args: args("1GET"), summary: "Invalid command name", command: `"1GET"`},
		{args: args(""), summary: "Missing command name"},
		{args: args(dyn), summary: "Command name must be constant"},
		{args: nil, summary: "Missing command name"},
	}
	for _, tt := range tests {
		c, r := Check(tt.args)
		if tt.allowed != "" {
			if r != nil || c == nil || c.FullName() != tt.allowed {
				t.Errorf("Check(%v) = %v, %v; want %s allowed", tt.args, c, r, tt.allowed)
			}
			continue
		}
		if c != nil || r == nil {
			t.Errorf("Check(%v) = %v, %v; want refused", tt.args, c, r)
			continue
		}
		if r.Summary != tt.summary || r.Command != tt.command || r.Index != tt.index || r.Liftable() != tt.liftable || r.Group != tt.group {
			t.Errorf("Check(%v) = %+v\nwant summary %q command %q index %d liftable %v group %v", tt.args, r, tt.summary, tt.command, tt.index, tt.liftable, tt.group)
		}
		if r.Detail == "" || !strings.HasSuffix(r.Error(), ".") {
			t.Errorf("Check(%v): refusal without a sentence: %q", tt.args, r.Error())
		}
		if r.Liftable() && !strings.Contains(r.Error(), "allow_dangerous = true") {
			t.Errorf("Check(%v): %q does not say how to allow it", tt.args, r.Error())
		}
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		args []Arg
		want []int
	}{
		{args("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"), []int{1, 3, 4}},
		{args("ZDIFFSTORE", "d", "1", "a"), []int{1, 3}},
		{args("ZINTER", "2", "a", "b", "WITHSCORES"), []int{2, 3}},
		{args("SINTERCARD", "3", "a", "b", "c", "LIMIT", "1"), []int{2, 3, 4}},
		{args("LMPOP", "2", "a", "b", "LEFT"), []int{2, 3}},
		{args("BLMPOP", "0.1", "1", "a", "RIGHT", "COUNT", "2"), []int{3}},
		{args("BZMPOP", "1", "2", "a", "b", "MIN"), []int{3, 4}},
		{args("XREAD", "COUNT", "1", "BLOCK", "10", "STREAMS", "a", "b", "0", "0"), []int{6, 7}},
		{args("XREADGROUP", "GROUP", "g", "c", "STREAMS", "c", ">"), []int{5}},
		{args("XREADGROUP", "GROUP", "STREAMS", "STREAMS", "STREAMS", "STREAMS", ">"), []int{5}},
		{args("SORT", "k"), []int{1}},
		{args("SORT", "k", "GET", "#", "STORE", "#"), []int{1, 5}},
		{args("SORT", "k", "STORE", "a", "STORE", "b"), []int{1, 5}},
		{args("SORT", "k", "STORE", "limit", "LIMIT", "0", "1"), []int{1, 3}},
		{args("SORT_RO", "k", "ALPHA"), []int{1}},
		{args("GEORADIUS", "g", "1", "2", "3", "km", "STORE", "a", "STOREDIST", "b"), []int{1, 9}},
		{args("GEORADIUSBYMEMBER", "g", "m", "3", "km", "COUNT", "5", "STORE", "a"), []int{1, 8}},
		{args("XGROUP", "CREATE", "CREATE", "g", "$"), []int{2}},
		{args("OBJECT", "ENCODING", "k"), []int{2}},
		{args("CLIENT", "SETNAME", "n"), nil},
	}
	for _, tt := range tests {
		c := Find(tt.args)
		if c == nil || !c.StaticKeys() {
			t.Errorf("%v: no static keys", tt.args)
			continue
		}
		got, ok := c.Keys(tt.args)
		if !ok || !slices.Equal(got, tt.want) {
			t.Errorf("Keys(%v) = %v, %v; want %v", tt.args, got, ok, tt.want)
		}
	}
	if c := Lookup("GET", ""); c.StaticKeys() {
		t.Error("GET has static keys; the server's fixed range tells them")
	}
}

func TestSetsTTL(t *testing.T) {
	tests := []struct {
		args []Arg
		want bool
	}{
		{args("SET", "k", "v"), false},
		{args("SET", "k", "v", "NX", "ex", "10"), true},
		{args("SET", "k", "PX", "GET"), false},    // the value is "PX"
		{args("SET", "k", "v", "KEEPTTL"), false}, // keeps a TTL; a new key has none
		{args("SET", "k", "v", dyn, "10"), false},
		{args("SETEX", "k", "10", "v"), true},
		{args("PSETEX", "k", "10", "v"), true},
		{args("EXPIRE", "k", "10"), true},
		{args("PEXPIREAT", "k", "10"), true},
		{args("GETEX", "k", "PXAT", "10"), true},
		{args("GETEX", "k", "PERSIST"), false},
		{args("RESTORE", "k", "0", "x"), false},
		{args("RESTORE", "k", "100", "x"), true},
		{args("RESTORE", "k", dyn, "x"), false},
		{args("PERSIST", "k"), false},
		{args("INCR", "k"), false},
	}
	for _, tt := range tests {
		c := Find(tt.args)
		if got := c.SetsTTL(tt.args); got != tt.want {
			t.Errorf("SetsTTL(%v) = %v, want %v", tt.args, got, tt.want)
		}
	}
	if Lookup("PERSIST", "").TTL != TTLRemoves {
		t.Error("PERSIST does not say it removes the TTL")
	}
}

func TestKeepsTTL(t *testing.T) {
	tests := []struct {
		args []Arg
		want bool
	}{
		{args("SET", "k", "v", "KEEPTTL"), true},
		{args("SET", "k", "v", "xx", "keepttl", "GET"), true},
		{args("SET", "k", "KEEPTTL"), false}, // the value is "KEEPTTL"
		{args("SET", "k", "v", dyn), false},
		{args("SET", "k", "v", "PX", "10"), false},
		{args("HSET", "h", "KEEPTTL", "v"), false},
		{args("GETEX", "k", "PERSIST"), false},
	}
	for _, tt := range tests {
		if got := Find(tt.args).KeepsTTL(tt.args); got != tt.want {
			t.Errorf("KeepsTTL(%v) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

// TestCreatedKeys: given the key positions (as Keys or the server's
// fixed range has them), the keys the command can create.
func TestCreatedKeys(t *testing.T) {
	tests := []struct {
		args []Arg
		keys []int
		want []int
	}{
		{args("SET", "k", "v"), []int{1}, []int{1}},
		{args("MSET", "a", "1", "b", "2"), []int{1, 3}, []int{1, 3}},
		{args("HSET", "h", "f", "v"), []int{1}, []int{1}},
		{args("RESTORE", "k", "0", "x"), []int{1}, []int{1}},
		{args("RENAME", "a", "b"), []int{1, 2}, []int{2}},
		{args("COPY", "a", "b", "REPLACE"), []int{1, 2}, []int{2}},
		{args("SMOVE", "a", "b", "m"), []int{1, 2}, []int{2}},
		{args("LMOVE", "a", "b", "LEFT", "RIGHT"), []int{1, 2}, []int{2}},
		{args("BRPOPLPUSH", "a", "b", "0"), []int{1, 2}, []int{2}},
		{args("SORT", "l", "LIMIT", "0", "5", "STORE", "d"), []int{1, 6}, []int{6}},
		{args("SORT", "l"), []int{1}, []int{}},
		{args("GEORADIUS", "g", "1", "2", "3", "km", "STORE", "d"), []int{1, 7}, []int{7}},
		{args("BITOP", "AND", "d", "a", "b"), []int{2, 3, 4}, []int{2}},
		{args("SUNIONSTORE", "d", "a", "b"), []int{1, 2, 3}, []int{1}},
		{args("ZUNIONSTORE", "d", "2", "a", "b"), []int{1, 3, 4}, []int{1}},
		{args("PFMERGE", "d", "a"), []int{1, 2}, []int{1}},
		{args("GEOSEARCHSTORE", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"), []int{1, 2}, []int{1}},
		{args("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), []int{2}, []int{2}},
		{args("xgroup", "create", "s", "g", "$", "mkstream", "ENTRIESREAD", "3"), []int{2}, []int{2}},
		{args("XGROUP", "CREATE", "s", "g", "$"), []int{2}, nil},
		{args("XGROUP", "CREATE", "s", "MKSTREAM", "$"), []int{2}, nil}, // the group is named MKSTREAM
		{args("XGROUP", "CREATE", "s", "g", "$", dyn), []int{2}, nil},
		{args("XGROUP", "DESTROY", "s", "g"), []int{2}, nil},
		{args("LPUSHX", "l", "a"), []int{1}, nil},
		{args("LPOP", "l"), []int{1}, nil},
		{args("DEL", "a", "b"), []int{1, 2}, nil},
		{args("PERSIST", "k"), []int{1}, nil},
		{args("EXPIRE", "k", "10"), []int{1}, nil},
		{args("GET", "k"), []int{1}, nil},
		{args("SUNIONSTORE"), nil, nil}, // no keys: nothing out of range
		{args("RENAME"), nil, nil},
	}
	for _, tt := range tests {
		got := Find(tt.args).CreatedKeys(tt.args, tt.keys)
		if !slices.Equal(got, tt.want) {
			t.Errorf("CreatedKeys(%v, %v) = %v, want %v", tt.args, tt.keys, got, tt.want)
		}
	}
}

// TestTableShape: the table and the groups agree with each other.
func TestTableShape(t *testing.T) {
	cats := map[Category]bool{}
	for _, c := range Categories {
		cats[c] = true
	}
	for _, c := range Table {
		if !ValidName(c.Name) || strings.ToUpper(c.Name) != c.Name || strings.ToUpper(c.Sub) != c.Sub {
			t.Errorf("%s: not an upper-case plain name", c.FullName())
		}
		if !cats[c.Category] {
			t.Errorf("%s: category %q is not in Categories", c.FullName(), c.Category)
		}
		if g := groupOf[c.Name]; g != nil && c.Sub == "" {
			t.Errorf("%s is both allowed and in the %s group", c.Name, g.Name)
		}
		if (c.TTL == TTLOptions) != (c.ttl != nil) {
			t.Errorf("%s: TTLOptions without a ttl function or the other way round", c.FullName())
		}
		if c.Creates != CreatesNone && !c.Writes {
			t.Errorf("%s: creates keys but does not write", c.FullName())
		}
		if (c.Creates == CreatesOptions) != (c.creates != nil) {
			t.Errorf("%s: CreatesOptions without a creates function or the other way round", c.FullName())
		}
		if c.Category == Expiry && c.Creates != CreatesNone {
			t.Errorf("%s: an expiry command creates no key", c.FullName())
		}
		if c.Sub != "" && !c.StaticKeys() {
			t.Errorf("%s: a subcommand without static keys", c.FullName())
		}
	}
	for _, s := range Subscribing {
		if Lookup(s, "") != nil || groupOf[s] != nil {
			t.Errorf("%s is allowed or liftable", s)
		}
	}
	for _, g := range Groups {
		if g.Reason == "" || strings.HasSuffix(g.Reason, ".") {
			t.Errorf("group %s: reason %q must complete a sentence", g.Name, g.Reason)
		}
	}
}
