package redis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// The safety-net TTL: every key a step writes without an expiry of its own
// gets Env.SafetyTTL, so a run killed before its cleanup leaves nothing
// forever. A set step without ttl sends SET ... PX <safety>; a command
// step that writes keys is followed, in the same pipeline (one round
// trip), by PEXPIRE <key> <safety> NX for each written key, which sets an
// expiry only where there is none: a TTL the scenario gave a key (an
// earlier EXPIRE, SET ... EX) is never changed. A plain SET command (no
// EX/PX/EXAT/PXAT/KEEPTTL) gets PX <safety> appended instead. PERSIST
// removes the safety net along with any TTL, as the scenario asked: such
// a key lives until the scenario's cleanup (or `stressql clean`).

// writesKeysFunc says which keys a command writes: args are the
// arguments after the command's name (name is lower case), and
// writtenKeyPositions index args. setsOwnTTL is true when the command
// gives the keys an expiry itself (SETEX, SET ... EX): they get no other.
type writesKeysFunc func(name string, args []string) (writtenKeyPositions []int, setsOwnTTL bool)

// writesKeys is the table the driver asks.
//
// TODO(merge): this small table stands in for internal/rediscmd (the
// allowlist of Redis commands, being written in parallel, which knows per
// command whether it writes keys and whether it sets their TTL). When it
// is merged, make writesKeys an adapter to rediscmd with this signature and
// delete writeRules and tableWritesKeys below; nothing else changes.
var writesKeys writesKeysFunc = tableWritesKeys

// writeRule picks the written keys of a command from its arguments.
type writeRule func(args []string) (pos []int, ownTTL bool)

var (
	first   writeRule = func([]string) ([]int, bool) { return []int{0}, false } // KEY ...
	second  writeRule = func([]string) ([]int, bool) { return []int{1}, false } // SRC DST ...
	ownTTL  writeRule = func([]string) ([]int, bool) { return []int{0}, true }  // KEY with its expiry
	pairs   writeRule = func(args []string) ([]int, bool) { return every(args, 0, 2), false }
	storeAt writeRule = func(args []string) ([]int, bool) { return optionKey(args, "store", "storedist"), false }
)

// writeRules are the commands that create or change keys without giving
// them an expiry. Commands that only read, delete, pop or change an
// expiry are absent: they need no safety net (a pop never creates a key).
var writeRules = map[string]writeRule{
	// strings
	"set": setRule, "setnx": first, "setex": ownTTL, "psetex": ownTTL, "getset": first,
	"setrange": first, "append": first, "incr": first, "incrby": first, "incrbyfloat": first,
	"decr": first, "decrby": first, "mset": pairs, "msetnx": pairs, "setbit": first, "bitfield": first,
	"bitop": second, // BITOP op DEST key...
	// hashes
	"hset": first, "hsetnx": first, "hmset": first, "hincrby": first, "hincrbyfloat": first,
	// lists
	"lpush": first, "rpush": first, "lpushx": first, "rpushx": first, "linsert": first, "lset": first,
	"rpoplpush": second, "brpoplpush": second, "lmove": second, "blmove": second,
	// sets
	"sadd": first, "smove": second, "sinterstore": first, "sunionstore": first, "sdiffstore": first,
	// sorted sets
	"zadd": first, "zincrby": first, "zunionstore": first, "zinterstore": first, "zdiffstore": first,
	"zrangestore": first,
	// streams
	"xadd": first, "xgroup": xgroupRule,
	// hyperloglog, geo
	"pfadd": first, "pfmerge": first, "geoadd": first, "geosearchstore": first,
	"georadius": storeAt, "georadiusbymember": storeAt,
	// generic
	"rename": second, "renamenx": second, "copy": second, "sort": storeAt,
}

// tableWritesKeys is writesKeys from writeRules.
func tableWritesKeys(name string, args []string) ([]int, bool) {
	rule, ok := writeRules[name]
	if !ok {
		return nil, false
	}
	pos, own := rule(args)
	var in []int
	for _, p := range pos {
		if p >= 0 && p < len(args) {
			in = append(in, p)
		}
	}
	return in, own
}

// setRule: SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL].
// KEEPTTL keeps an existing expiry, and a new key has none: it gets the
// safety net, by PEXPIRE NX.
func setRule(args []string) ([]int, bool) {
	for _, a := range args[min(2, len(args)):] {
		switch strings.ToLower(a) {
		case "ex", "px", "exat", "pxat":
			return []int{0}, true
		}
	}
	return []int{0}, false
}

// xgroupRule: XGROUP CREATE key group id MKSTREAM creates the stream.
func xgroupRule(args []string) ([]int, bool) {
	if len(args) > 1 && strings.EqualFold(args[0], "create") {
		for _, a := range args[2:] {
			if strings.EqualFold(a, "mkstream") {
				return []int{1}, false
			}
		}
	}
	return nil, false
}

// every returns from, from+step, ... below len(args).
func every(args []string, from, step int) []int {
	var pos []int
	for i := from; i < len(args); i += step {
		pos = append(pos, i)
	}
	return pos
}

// optionKey returns the positions of the arguments that follow one of
// the options (STORE key).
func optionKey(args []string, options ...string) []int {
	var pos []int
	for i := 0; i+1 < len(args); i++ {
		for _, o := range options {
			if strings.EqualFold(args[i], o) {
				pos = append(pos, i+1)
			}
		}
	}
	return pos
}

// hasKeepTTL reports whether a SET command's options include KEEPTTL.
func hasKeepTTL(args []string) bool {
	for _, a := range args[min(3, len(args)):] {
		if strings.EqualFold(a, "keepttl") {
			return true
		}
	}
	return false
}

// safetyPlan is what a command step does about the safety net.
type safetyPlan struct {
	appendPX bool  // a plain SET: send SET ... PX <ms>
	expire   []int // positions (in the full args) to PEXPIRE ... NX after the command
	refuse   error // the server cannot set the safety net (older than 7.0)
}

// planSafety decides the safety net of a command whose full arguments
// (args[0] the name) look like sample, with the key positions isKey. Only
// positions that are keys (and so carry the namespace) are ever expired.
func (p *pool) planSafety(ctx context.Context, sample []string, isKey []bool) safetyPlan {
	var sp safetyPlan
	if p.safetyMs <= 0 || len(sample) == 0 {
		return sp
	}
	name := strings.ToLower(sample[0])
	written, own := writesKeys(name, sample[1:])
	if own {
		return sp
	}
	for _, w := range written {
		if i := w + 1; i < len(isKey) && isKey[i] {
			sp.expire = append(sp.expire, i)
		}
	}
	if len(sp.expire) == 0 {
		return sp
	}
	if name == "set" && !hasKeepTTL(sample) {
		return safetyPlan{appendPX: true}
	}
	if err := p.checkExpireNX(ctx); err != nil {
		sp.refuse = fmt.Errorf("redis command %s writes keys without a TTL: %w", sample[0], err)
	}
	return sp
}

// checkExpireNX asks the server's version, once per pool: PEXPIRE ... NX
// needs Redis 7.0. An older server is refused with a clear message rather
// than given a PEXPIRE that would overwrite the scenario's own TTLs.
func (p *pool) checkExpireNX(ctx context.Context) error {
	p.specMu.Lock()
	defer p.specMu.Unlock()
	if p.version == "" {
		var info string
		err := p.mon.do(true, func(c *goredis.Client) error {
			var err error
			info, err = c.Info(ctx, "server").Result()
			return err
		})
		if err != nil {
			return fmt.Errorf("asking the server's version: %w", err)
		}
		p.version = serverVersion(info)
	}
	if !atLeast(p.version, 7, 0) {
		return fmt.Errorf("the server is Redis %s, and the safety-net expiry of written keys "+
			"(PEXPIRE ... NX) needs Redis 7.0 or later: upgrade the server, or give the keys a TTL "+
			"in the step (EX/PX, or an EXPIRE step)", p.version)
	}
	return nil
}

// serverVersion finds redis_version in INFO server output; "unknown"
// when it is not there.
func serverVersion(info string) string {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "redis_version:"); ok {
			return v
		}
	}
	return "unknown"
}

// atLeast reports whether version "X.Y.Z" is at least major.minor.
func atLeast(version string, major, minor int) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	x, err1 := strconv.Atoi(parts[0])
	y, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return x > major || x == major && y >= minor
}

// safetyMillis is the safety-net TTL in whole milliseconds (rounded up),
// 0 for none.
func safetyMillis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}
