package redis

import (
	"errors"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers/errkind"
)

// Classify returns the kind of an error of the driver (one of
// results.ErrorKinds; "" for nil): the kind go-redis's error types decide
// or the driver-independent one (errkind.Common), whichever
// results.ErrorKindTable ranks first, else errkind.Last. The server's
// verdict on a connection (auth, conn_limit, permission), read from the
// code word of its error reply, ranks before tls and acquire_timeout: a
// pool that dials for a connection returns the dial's error.
// Classifying an error its type explains allocates nothing.
func Classify(err error) string {
	if err == nil {
		return ""
	}
	kind, _ := errkind.Common(err)
	if own := redisKind(err); own != "" {
		kind = errkind.First(kind, own)
	}
	if kind != "" {
		return kind
	}
	return errkind.Last(err)
}

// redisKind is the kind go-redis's own errors decide, "" when none does.
// Its tests are in the table's order: the server's verdict in an error
// reply (READONLY included), a stale connection after a Sentinel
// failover (StaleConnError), the pool's wait, a closed client, any other
// error reply.
func redisKind(err error) string {
	reply, isReply := errors.AsType[goredis.Error](err)
	if isReply {
		if kind := redisVerdict(reply.Error()); kind != "" {
			return kind
		}
	}
	switch {
	case is[*StaleConnError](err):
		return errkind.StaleConn
	case errors.Is(err, goredis.ErrPoolTimeout), errors.Is(err, goredis.ErrPoolExhausted):
		return errkind.AcquireTimeout
	case errors.Is(err, goredis.ErrClosed):
		return errkind.Closed
	case isReply:
		return errkind.Query
	}
	return ""
}

// redisVerdict classifies a Redis error reply (without its leading '-')
// by its code word, which Redis documents as the stable part.
func redisVerdict(msg string) string {
	switch {
	case strings.HasPrefix(msg, "WRONGPASS"), strings.HasPrefix(msg, "NOAUTH"),
		strings.Contains(msg, "invalid username-password pair"),
		strings.HasPrefix(msg, "ERR invalid password"), // Redis before 6
		strings.HasPrefix(msg, "ERR AUTH") && strings.Contains(msg, "without any password configured"):
		return errkind.Auth
	case strings.HasPrefix(msg, "ERR max number of clients reached"):
		return errkind.ConnLimit
	case strings.HasPrefix(msg, "NOPERM"):
		return errkind.Permission
	case strings.HasPrefix(msg, "READONLY"):
		return errkind.ReadOnly
	}
	return ""
}

func is[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}
