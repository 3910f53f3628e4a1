package rediscmd

import "strings"

// Category is what kind of data or facility an allowed command works on.
type Category string

// Categories, in the order the docs list them.
const (
	String      Category = "string"
	Bitmap      Category = "bitmap"
	Hash        Category = "hash"
	List        Category = "list"
	Set         Category = "set"
	SortedSet   Category = "sorted set"
	Stream      Category = "stream"
	HyperLogLog Category = "hyperloglog"
	Geo         Category = "geo"
	Generic     Category = "key"
	Expiry      Category = "expiry"
	Blocking    Category = "blocking"
	Transaction Category = "transaction"
	Connection  Category = "connection"
)

// Categories lists the categories in the order the docs list them.
var Categories = []Category{String, Bitmap, Hash, List, Set, SortedSet, Stream, HyperLogLog, Geo,
	Generic, Expiry, Blocking, Transaction, Connection}

// TTL says how a command treats the TTL of the keys it writes.
type TTL int

const (
	// TTLNone: the command does not give a key a TTL.
	TTLNone TTL = iota
	// TTLSets: the command always sets the TTL of its key (SETEX, EXPIRE).
	TTLSets
	// TTLOptions: the command sets the TTL when its options say so (SET
	// with EX, PX, EXAT or PXAT; GETEX; RESTORE with a ttl other than 0).
	// Command.SetsTTL tells for given arguments. SET ... KEEPTTL sets
	// none: it keeps the TTL an existing key has, and a new key has none
	// (Command.KeepsTTL).
	TTLOptions
	// TTLRemoves: the command removes the TTL of its key (PERSIST).
	TTLRemoves
)

// Creates says which of a writing command's keys it can create: the keys
// that can come into being without a TTL (the Redis driver gives them its
// safety-net TTL). A command that only changes, pops or removes keys that
// exist creates none: a key got what it needs when it was created.
type Creates int

const (
	// CreatesNone: no key (reads; LSET, LPUSHX, LPOP, HDEL, DEL, XACK,
	// EXPIRE...).
	CreatesNone Creates = iota
	// CreatesAll: every key (SET, HSET, LPUSH, MSET). The default of a
	// command that writes, so that an entry added without thought errs
	// on the side of the safety net.
	CreatesAll
	// CreatesFirst: the first key, a destination before its sources
	// (SUNIONSTORE dst key..., BITOP op dst key..., PFMERGE, ZRANGESTORE).
	CreatesFirst
	// CreatesRest: the keys after the first, a destination after its
	// source (RENAME, COPY, SMOVE, LMOVE, SORT ... STORE dst, GEORADIUS
	// ... STORE dst): a read-only SORT has no key after the first.
	CreatesRest
	// CreatesOptions: every key, when the options say so (XGROUP CREATE
	// ... MKSTREAM).
	CreatesOptions
)

// Command is one allowed command, or one allowed subcommand of a
// container command (CLIENT SETNAME, OBJECT ENCODING, XGROUP CREATE).
type Command struct {
	Name     string // upper case: "SET", "CLIENT"
	Sub      string // upper case subcommand of a container, "" otherwise
	Category Category
	// Writes is set when the command can create or modify keys.
	Writes bool
	// Creates says which of its keys a writing command can create
	// (Command.CreatedKeys).
	Creates Creates
	TTL     TTL
	// keys finds the key positions when the server's fixed key range
	// (COMMAND INFO first, last, step) does not tell them: movable keys
	// and containers. nil: the fixed range is right.
	keys func(args []Arg) ([]int, *Refusal)
	// check refuses arguments that make the command dangerous.
	check func(args []Arg) *Refusal
	// ttl tells, for TTLOptions, whether these arguments set a TTL.
	ttl func(args []Arg) bool
	// keepTTL tells whether these arguments keep the TTL a key has
	// (SET ... KEEPTTL); nil: they never do.
	keepTTL func(args []Arg) bool
	// creates tells, for CreatesOptions, whether these arguments create
	// the keys.
	creates func(args []Arg) bool
}

// FullName is "SET", or "CLIENT SETNAME" for a subcommand.
func (c *Command) FullName() string {
	if c.Sub == "" {
		return c.Name
	}
	return c.Name + " " + c.Sub
}

// StaticKeys reports whether the table, not the server's fixed key
// range, says where the command's keys are (movable keys, containers).
func (c *Command) StaticKeys() bool { return c.keys != nil }

// Keys returns the positions of the key arguments (args[0] is the command
// name) of a command with StaticKeys; ok is false when they cannot be
// told (Check refuses such arguments) or the command has no StaticKeys.
func (c *Command) Keys(args []Arg) (pos []int, ok bool) {
	if c.keys == nil {
		return nil, false
	}
	pos, r := c.keys(args)
	return pos, r == nil
}

// SetsTTL reports whether the command gives the keys it writes a TTL of
// their own with these arguments. A per-iteration argument is never taken
// for an option.
func (c *Command) SetsTTL(args []Arg) bool {
	switch c.TTL {
	case TTLSets:
		return true
	case TTLOptions:
		return c.ttl(args)
	}
	return false
}

// KeepsTTL reports whether, with these arguments, the command keeps the
// TTL the key it writes already has where it would otherwise discard it
// (SET ... KEEPTTL): a key it creates then has none. (Commands that
// modify a key in place, HSET or LPUSH, always keep its TTL.)
func (c *Command) KeepsTTL(args []Arg) bool { return c.keepTTL != nil && c.keepTTL(args) }

// CreatedKeys returns those of keys that the command can create with
// these arguments (args[0] is the name): keys are the positions of its
// key arguments, in order, from Keys or the server's key range.
func (c *Command) CreatedKeys(args []Arg, keys []int) []int {
	switch c.Creates {
	case CreatesAll:
		return keys
	case CreatesFirst:
		return keys[:min(1, len(keys))]
	case CreatesRest:
		return keys[min(1, len(keys)):]
	case CreatesOptions:
		if c.creates(args) {
			return keys
		}
	}
	return nil
}

// entry builders. A command that writes creates all its keys unless its
// entry says otherwise.
func cmd(name string, cat Category, writes bool) *Command {
	c := &Command{Name: name, Category: cat, Writes: writes}
	if writes {
		c.Creates = CreatesAll
	}
	return c
}

func (c *Command) creating(k Creates) *Command { c.Creates = k; return c }
func (c *Command) creatingIf(f func([]Arg) bool) *Command {
	c.Creates, c.creates = CreatesOptions, f
	return c
}
func (c *Command) keepingTTL(f func([]Arg) bool) *Command { c.keepTTL = f; return c }

func (c *Command) withTTL(t TTL, f func([]Arg) bool) *Command { c.TTL, c.ttl = t, f; return c }
func (c *Command) withKeys(f func([]Arg) ([]int, *Refusal)) *Command {
	c.keys = f
	return c
}
func (c *Command) withCheck(f func([]Arg) *Refusal) *Command { c.check = f; return c }
func sub(name, s string, cat Category, writes bool) *Command {
	c := cmd(name, cat, writes).withKeys(keyAt(2))
	c.Sub = s
	return c
}
func subNoKeys(name, s string, cat Category) *Command {
	return (&Command{Name: name, Sub: s, Category: cat}).withKeys(noKeys)
}

// Table is every allowed command, by category, in the order the docs list
// them.
var Table = []*Command{
	// strings
	cmd("APPEND", String, true),
	cmd("DECR", String, true),
	cmd("DECRBY", String, true),
	cmd("GET", String, false),
	cmd("GETDEL", String, true).creating(CreatesNone),
	cmd("GETEX", String, true).withTTL(TTLOptions, hasOption(2, "EX", "PX", "EXAT", "PXAT")).creating(CreatesNone),
	cmd("GETRANGE", String, false),
	cmd("GETSET", String, true),
	cmd("INCR", String, true),
	cmd("INCRBY", String, true),
	cmd("INCRBYFLOAT", String, true),
	cmd("LCS", String, false),
	cmd("MGET", String, false),
	cmd("MSET", String, true),
	cmd("MSETNX", String, true),
	cmd("PSETEX", String, true).withTTL(TTLSets, nil),
	cmd("SET", String, true).withTTL(TTLOptions, hasOption(3, "EX", "PX", "EXAT", "PXAT")).
		keepingTTL(hasOption(3, "KEEPTTL")),
	cmd("SETEX", String, true).withTTL(TTLSets, nil),
	cmd("SETNX", String, true),
	cmd("SETRANGE", String, true),
	cmd("STRLEN", String, false),
	cmd("SUBSTR", String, false),
	// bitmaps
	cmd("BITCOUNT", Bitmap, false),
	cmd("BITFIELD", Bitmap, true),
	cmd("BITFIELD_RO", Bitmap, false),
	cmd("BITOP", Bitmap, true).creating(CreatesFirst),
	cmd("BITPOS", Bitmap, false),
	cmd("GETBIT", Bitmap, false),
	cmd("SETBIT", Bitmap, true),
	// hashes
	cmd("HDEL", Hash, true).creating(CreatesNone),
	cmd("HEXISTS", Hash, false),
	cmd("HGET", Hash, false),
	cmd("HGETALL", Hash, false),
	cmd("HINCRBY", Hash, true),
	cmd("HINCRBYFLOAT", Hash, true),
	cmd("HKEYS", Hash, false),
	cmd("HLEN", Hash, false),
	cmd("HMGET", Hash, false),
	cmd("HMSET", Hash, true),
	cmd("HRANDFIELD", Hash, false),
	cmd("HSCAN", Hash, false),
	cmd("HSET", Hash, true),
	cmd("HSETNX", Hash, true),
	cmd("HSTRLEN", Hash, false),
	cmd("HVALS", Hash, false),
	// lists
	cmd("LINDEX", List, false),
	cmd("LINSERT", List, true).creating(CreatesNone),
	cmd("LLEN", List, false),
	cmd("LMOVE", List, true).creating(CreatesRest),
	cmd("LMPOP", List, true).withKeys(numKeys(1)).creating(CreatesNone),
	cmd("LPOP", List, true).creating(CreatesNone),
	cmd("LPOS", List, false),
	cmd("LPUSH", List, true),
	cmd("LPUSHX", List, true).creating(CreatesNone),
	cmd("LRANGE", List, false),
	cmd("LREM", List, true).creating(CreatesNone),
	cmd("LSET", List, true).creating(CreatesNone),
	cmd("LTRIM", List, true).creating(CreatesNone),
	cmd("RPOP", List, true).creating(CreatesNone),
	cmd("RPOPLPUSH", List, true).creating(CreatesRest),
	cmd("RPUSH", List, true),
	cmd("RPUSHX", List, true).creating(CreatesNone),
	// sets
	cmd("SADD", Set, true),
	cmd("SCARD", Set, false),
	cmd("SDIFF", Set, false),
	cmd("SDIFFSTORE", Set, true).creating(CreatesFirst),
	cmd("SINTER", Set, false),
	cmd("SINTERCARD", Set, false).withKeys(numKeys(1)),
	cmd("SINTERSTORE", Set, true).creating(CreatesFirst),
	cmd("SISMEMBER", Set, false),
	cmd("SMEMBERS", Set, false),
	cmd("SMISMEMBER", Set, false),
	cmd("SMOVE", Set, true).creating(CreatesRest),
	cmd("SPOP", Set, true).creating(CreatesNone),
	cmd("SRANDMEMBER", Set, false),
	cmd("SREM", Set, true).creating(CreatesNone),
	cmd("SSCAN", Set, false),
	cmd("SUNION", Set, false),
	cmd("SUNIONSTORE", Set, true).creating(CreatesFirst),
	// sorted sets
	cmd("ZADD", SortedSet, true),
	cmd("ZCARD", SortedSet, false),
	cmd("ZCOUNT", SortedSet, false),
	cmd("ZDIFF", SortedSet, false).withKeys(numKeys(1)),
	cmd("ZDIFFSTORE", SortedSet, true).withKeys(numKeys(2, 1)).creating(CreatesFirst),
	cmd("ZINCRBY", SortedSet, true),
	cmd("ZINTER", SortedSet, false).withKeys(numKeys(1)),
	cmd("ZINTERCARD", SortedSet, false).withKeys(numKeys(1)),
	cmd("ZINTERSTORE", SortedSet, true).withKeys(numKeys(2, 1)).creating(CreatesFirst),
	cmd("ZLEXCOUNT", SortedSet, false),
	cmd("ZMPOP", SortedSet, true).withKeys(numKeys(1)).creating(CreatesNone),
	cmd("ZMSCORE", SortedSet, false),
	cmd("ZPOPMAX", SortedSet, true).creating(CreatesNone),
	cmd("ZPOPMIN", SortedSet, true).creating(CreatesNone),
	cmd("ZRANDMEMBER", SortedSet, false),
	cmd("ZRANGE", SortedSet, false),
	cmd("ZRANGEBYLEX", SortedSet, false),
	cmd("ZRANGEBYSCORE", SortedSet, false),
	cmd("ZRANGESTORE", SortedSet, true).creating(CreatesFirst),
	cmd("ZRANK", SortedSet, false),
	cmd("ZREM", SortedSet, true).creating(CreatesNone),
	cmd("ZREMRANGEBYLEX", SortedSet, true).creating(CreatesNone),
	cmd("ZREMRANGEBYRANK", SortedSet, true).creating(CreatesNone),
	cmd("ZREMRANGEBYSCORE", SortedSet, true).creating(CreatesNone),
	cmd("ZREVRANGE", SortedSet, false),
	cmd("ZREVRANGEBYLEX", SortedSet, false),
	cmd("ZREVRANGEBYSCORE", SortedSet, false),
	cmd("ZREVRANK", SortedSet, false),
	cmd("ZSCAN", SortedSet, false),
	cmd("ZSCORE", SortedSet, false),
	cmd("ZUNION", SortedSet, false).withKeys(numKeys(1)),
	cmd("ZUNIONSTORE", SortedSet, true).withKeys(numKeys(2, 1)).creating(CreatesFirst),
	// streams
	cmd("XACK", Stream, true).creating(CreatesNone),
	cmd("XADD", Stream, true),
	cmd("XAUTOCLAIM", Stream, true).creating(CreatesNone),
	cmd("XCLAIM", Stream, true).creating(CreatesNone),
	cmd("XDEL", Stream, true).creating(CreatesNone),
	sub("XGROUP", "CREATE", Stream, true).creatingIf(hasOption(5, "MKSTREAM")),
	sub("XGROUP", "CREATECONSUMER", Stream, true).creating(CreatesNone),
	sub("XGROUP", "DELCONSUMER", Stream, true).creating(CreatesNone),
	sub("XGROUP", "DESTROY", Stream, true).creating(CreatesNone),
	sub("XGROUP", "SETID", Stream, true).creating(CreatesNone),
	sub("XINFO", "CONSUMERS", Stream, false),
	sub("XINFO", "GROUPS", Stream, false),
	sub("XINFO", "STREAM", Stream, false),
	cmd("XLEN", Stream, false),
	cmd("XPENDING", Stream, false),
	cmd("XRANGE", Stream, false),
	cmd("XREAD", Stream, false).withKeys(streamKeys),
	cmd("XREADGROUP", Stream, true).withKeys(streamKeys).creating(CreatesNone),
	cmd("XREVRANGE", Stream, false),
	cmd("XSETID", Stream, true).creating(CreatesNone),
	cmd("XTRIM", Stream, true).creating(CreatesNone),
	// hyperloglogs
	cmd("PFADD", HyperLogLog, true),
	cmd("PFCOUNT", HyperLogLog, true).creating(CreatesNone), // caches the cardinality in the key
	cmd("PFMERGE", HyperLogLog, true).creating(CreatesFirst),
	// geo
	cmd("GEOADD", Geo, true),
	cmd("GEODIST", Geo, false),
	cmd("GEOHASH", Geo, false),
	cmd("GEOPOS", Geo, false),
	cmd("GEORADIUS", Geo, true).withKeys(geoRadiusKeys(6)).creating(CreatesRest),
	cmd("GEORADIUS_RO", Geo, false),
	cmd("GEORADIUSBYMEMBER", Geo, true).withKeys(geoRadiusKeys(5)).creating(CreatesRest),
	cmd("GEORADIUSBYMEMBER_RO", Geo, false),
	cmd("GEOSEARCH", Geo, false),
	cmd("GEOSEARCHSTORE", Geo, true).creating(CreatesFirst),
	// keys of any type
	cmd("COPY", Generic, true).withCheck(checkCopy).creating(CreatesRest),
	cmd("DEL", Generic, true).creating(CreatesNone),
	cmd("DUMP", Generic, false),
	cmd("EXISTS", Generic, false),
	sub("MEMORY", "USAGE", Generic, false),
	sub("OBJECT", "ENCODING", Generic, false),
	sub("OBJECT", "FREQ", Generic, false),
	sub("OBJECT", "IDLETIME", Generic, false),
	sub("OBJECT", "REFCOUNT", Generic, false),
	cmd("RENAME", Generic, true).creating(CreatesRest),
	cmd("RENAMENX", Generic, true).creating(CreatesRest),
	cmd("RESTORE", Generic, true).withTTL(TTLOptions, restoreTTL),
	cmd("SORT", Generic, true).withKeys(sortKeys).withCheck(checkSortPatterns).creating(CreatesRest),
	cmd("SORT_RO", Generic, false).withKeys(sortKeys).withCheck(checkSortPatterns),
	cmd("TOUCH", Generic, false),
	cmd("TYPE", Generic, false),
	cmd("UNLINK", Generic, true).creating(CreatesNone),
	// expiry
	cmd("EXPIRE", Expiry, true).withTTL(TTLSets, nil).creating(CreatesNone),
	cmd("EXPIREAT", Expiry, true).withTTL(TTLSets, nil).creating(CreatesNone),
	cmd("EXPIRETIME", Expiry, false),
	cmd("PERSIST", Expiry, true).withTTL(TTLRemoves, nil).creating(CreatesNone),
	cmd("PEXPIRE", Expiry, true).withTTL(TTLSets, nil).creating(CreatesNone),
	cmd("PEXPIREAT", Expiry, true).withTTL(TTLSets, nil).creating(CreatesNone),
	cmd("PEXPIRETIME", Expiry, false),
	cmd("PTTL", Expiry, false),
	cmd("TTL", Expiry, false),
	// blocking pops and moves
	cmd("BLMOVE", Blocking, true).creating(CreatesRest),
	cmd("BLMPOP", Blocking, true).withKeys(numKeys(2)).creating(CreatesNone),
	cmd("BLPOP", Blocking, true).creating(CreatesNone),
	cmd("BRPOP", Blocking, true).creating(CreatesNone),
	cmd("BRPOPLPUSH", Blocking, true).creating(CreatesRest),
	cmd("BZMPOP", Blocking, true).withKeys(numKeys(2)).creating(CreatesNone),
	cmd("BZPOPMAX", Blocking, true).creating(CreatesNone),
	cmd("BZPOPMIN", Blocking, true).creating(CreatesNone),
	// transactions
	cmd("DISCARD", Transaction, false),
	cmd("EXEC", Transaction, true).creating(CreatesNone),
	cmd("MULTI", Transaction, false),
	cmd("UNWATCH", Transaction, false),
	cmd("WATCH", Transaction, false),
	// the connection
	subNoKeys("CLIENT", "GETNAME", Connection),
	subNoKeys("CLIENT", "ID", Connection),
	subNoKeys("CLIENT", "INFO", Connection),
	subNoKeys("CLIENT", "SETNAME", Connection),
	cmd("ECHO", Connection, false),
	cmd("PING", Connection, false),
	cmd("TIME", Connection, false),
}

var (
	byName     = map[string]*Command{} // "SET", "CLIENT SETNAME"
	containers = map[string]bool{}     // "CLIENT", "OBJECT"
)

func init() {
	for _, c := range Table {
		if c.Sub != "" {
			containers[c.Name] = true
		}
		if byName[c.FullName()] != nil {
			panic("rediscmd: " + c.FullName() + " is in the table twice")
		}
		byName[c.FullName()] = c
	}
}

// Lookup returns the table entry of a command name (any letter case) and
// subcommand ("" for a command that is not a container); nil when it is
// not allowed.
func Lookup(name, sub string) *Command {
	name = strings.ToUpper(name)
	if containers[name] {
		return byName[name+" "+strings.ToUpper(sub)]
	}
	return byName[name]
}

// IsContainer reports whether name (any case) is a command whose allowed
// forms are subcommands (CLIENT, OBJECT, XGROUP...).
func IsContainer(name string) bool { return containers[strings.ToUpper(name)] }
