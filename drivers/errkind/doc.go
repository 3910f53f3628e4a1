// Package errkind sorts an iteration's failure into exactly one of the
// error kinds that checks read (results.ErrorKinds: errors.acquire_timeout,
// errors.refused, ...). The drivers wrap errors from pgx, go-redis, the
// network and TLS in different ways; classifying them in one place keeps
// the counts comparable across drivers and lets retry policies name kinds.
package errkind
