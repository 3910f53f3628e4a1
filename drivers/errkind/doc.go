// Package errkind sorts an iteration's failure into exactly one of the
// error kinds that checks read (results.ErrorKinds: errors.acquire_timeout,
// errors.refused, ...). It holds the kinds' names (kinds.go; the table,
// with each kind's precedence, is results.ErrorKindTable) and the
// classification that no driver's library is needed for: the engine's own
// errors (package drivers, the circuit breaker's rejection), deadlines,
// the network, DNS, TLS and certificates (Common, then Last as the last
// resort). It imports no driver library.
//
// Each driver classifies its own library's errors in its Classify (its
// descriptor's hook: postgres.Classify, redis.Classify), keeping of its
// kind and Common's the one the table ranks first (First). The server's
// verdicts come from stable codes, never from message text: PostgreSQL
// SQLSTATEs (28P01/28000 auth, 53300 conn_limit, 42501 permission) and the
// code word of a Redis error reply (WRONGPASS/NOAUTH auth, "ERR max number
// of clients reached" conn_limit, NOPERM permission). They and TLS
// failures win over acquire_timeout, because a pool that dials for an
// acquire returns the dial's error. Classifying an error whose type
// explains it allocates nothing (errors.AsType).
package errkind
