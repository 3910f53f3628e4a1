// Package errkind sorts an iteration's failure into exactly one of the
// error kinds that checks read (results.ErrorKinds: errors.acquire_timeout,
// errors.refused, ...). The drivers wrap errors from pgx, go-redis, the
// network and TLS in different ways; classifying them in one place keeps
// the counts comparable across drivers and lets retry policies name kinds.
//
// The server's own verdicts come from stable codes, never from message
// text: PostgreSQL SQLSTATEs (28P01/28000 auth, 53300 conn_limit, 42501
// permission) and the code word of a Redis error reply (WRONGPASS/NOAUTH
// auth, "ERR max number of clients reached" conn_limit, NOPERM
// permission). They and TLS failures win over acquire_timeout, because a
// pool that dials for an acquire returns the dial's error. Classifying an
// error whose type explains it allocates nothing (errors.AsType).
package errkind
