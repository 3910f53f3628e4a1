package redis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers/redis/rediscmd"
)

// The safety-net TTL: every key a step writes without an expiry of its own
// gets Env.SafetyTTL, so a run killed before its cleanup leaves nothing
// forever. A set step without ttl sends SET ... PX <safety>; a command
// step that writes keys is followed, in the same pipeline (one round
// trip), by PEXPIRE <key> <safety> NX for each written key, which sets an
// expiry only where there is none: a TTL the scenario gave a key (an
// earlier EXPIRE, SET ... EX) is never changed. A plain SET command (no
// EX/PX/EXAT/PXAT/KEEPTTL) gets PX <safety> appended instead. Which keys
// a command writes, and whether it gives them a TTL itself, is the
// command table's (drivers/redis/rediscmd) to say: see safetyKeys. PERSIST
// removes the safety net along with any TTL, as the scenario asked: such
// a key lives until the scenario's cleanup (or `stressql clean`).

// safetyKeys is the adapter between the command table of internal/
// rediscmd, the one definition of what a Redis command does, and the
// safety net: it returns the positions (in sample, sample[0] the name)
// of the keys that may be left without a TTL by the command sample, the
// command as the first iteration has it, whose key arguments are at keys
// (from the table or the server). appendPX is set for a plain SET, which
// discards any TTL its key had, so PX <safety> appended to it is the
// safety net; the other positions get PEXPIRE ... NX. Nothing is returned
// for a command that gives its keys a TTL of their own (SETEX, SET ... EX,
// RESTORE with a ttl other than 0), for one that creates no key (reads,
// pops, deletes, LSET, LPUSHX, EXPIRE, PERSIST: a key that exists got its
// safety net when it was created, or lost it to PERSIST as the scenario
// asked) and for a command the table does not know (allow_dangerous).
// Of a command with a source and a destination (RENAME, COPY, LMOVE,
// SORT ... STORE, SUNIONSTORE, BITOP) only the destination is returned:
// the source is read, and a source the scenario made persistent stays
// so. SET ... KEEPTTL keeps the TTL of an existing key, and a new key has
// none: it gets PEXPIRE ... NX, which changes no TTL there is.
func safetyKeys(sample []string, keys []int) (expire []int, appendPX bool) {
	args := rediscmd.Consts(sample...)
	c := rediscmd.Find(args)
	if c == nil || !c.Writes || c.SetsTTL(args) {
		return nil, false
	}
	expire = c.CreatedKeys(args, keys)
	if len(expire) == 0 {
		return nil, false
	}
	return expire, c.Name == "SET" && !c.KeepsTTL(args)
}

// safetyPlan is what a command step does about the safety net.
type safetyPlan struct {
	appendPX bool  // a plain SET: send SET ... PX <ms>
	expire   []int // positions (in the full args) to PEXPIRE ... NX after the command
	refuse   error // the server cannot set the safety net (older than 7.0)
}

// planSafety decides the safety net of a command whose full arguments
// (args[0] the name) look like sample, with its key arguments at keys.
// Only keys (which carry the namespace) are ever expired. err is set when
// the server's version could not be asked: nothing is decided then, the
// next run asks again.
func (p *pool) planSafety(ctx context.Context, sample []string, keys []int) (sp safetyPlan, err error) {
	if p.safetyMs <= 0 || len(sample) == 0 {
		return sp, nil
	}
	expire, appendPX := safetyKeys(sample, keys)
	switch {
	case len(expire) == 0:
		return sp, nil
	case appendPX:
		return safetyPlan{appendPX: true}, nil
	}
	sp.expire = expire
	refuse, err := p.checkExpireNX(ctx)
	if err != nil {
		return safetyPlan{}, err
	}
	if refuse != nil {
		sp.refuse = fmt.Errorf("redis command %s writes keys without a TTL: %w", sample[0], refuse)
	}
	return sp, nil
}

// checkExpireNX asks the server's version, once per pool: PEXPIRE ... NX
// needs Redis 7.0. An older server is refused (refuse) with a clear
// message rather than given a PEXPIRE that would overwrite the scenario's
// own TTLs; err is a failure to ask.
func (p *pool) checkExpireNX(ctx context.Context) (refuse, err error) {
	p.specMu.Lock()
	defer p.specMu.Unlock()
	if p.version == "" {
		var info string
		err := p.mon.do(true, func(c goredis.UniversalClient) error {
			var err error
			info, err = c.Info(ctx, "server").Result()
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("asking the server's version: %w", err)
		}
		p.version = serverVersion(info)
	}
	if !atLeast(p.version, 7, 0) {
		return fmt.Errorf("the server is Redis %s, and the safety-net expiry of written keys "+
			"(PEXPIRE ... NX) needs Redis 7.0 or later: upgrade the server, or give the keys a TTL "+
			"in the step (EX/PX, or an EXPIRE step)", p.version), nil
	}
	return nil, nil
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
