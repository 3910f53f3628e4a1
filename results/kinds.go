package results

// ErrorKind is one class of failed iteration: errors.KIND in checks and
// reports, a retry block's on = [...] names, and a row of docs/dsl.md's
// error kind table.
type ErrorKind struct {
	Name string
	// Precedence is the kind's rank when the classifier
	// (each driver's Classify, over drivers/errkind's shared rules) picks one:
	// the first that applies wins,
	// 1 first. The docs table lists the kinds in this order.
	Precedence int
	// Retried: a retry block without on retries this kind.
	Retried bool
	// Doc is the "the iteration failed because" cell of the docs table.
	Doc string
}

// ErrorKindTable lists every error kind, in report order (the order of
// ErrorKinds, which indexes the recorders' counters).
var ErrorKindTable = []ErrorKind{
	{Name: "acquire_timeout", Precedence: 8, Retried: true,
		Doc: "no pool connection within `acquire_timeout`/`pool_timeout` or the iteration's deadline while waiting"},
	{Name: "timeout", Precedence: 11, Retried: true,
		Doc: "a deadline or network timeout during I/O"},
	{Name: "refused", Precedence: 12, Retried: true,
		Doc: "the connection was refused"},
	{Name: "reset", Precedence: 14, Retried: true,
		Doc: "the connection was reset, broken, or ended by the server (`pg_terminate_backend`, `CLIENT KILL`)"},
	{Name: "dns", Precedence: 10, Retried: true,
		Doc: "the host name did not resolve"},
	{Name: "tls", Precedence: 7, Retried: true,
		Doc: "the TLS handshake or the certificate failed: a server that refuses TLS (`tls = \"require\"` against `ssl = off`), an unknown authority or a wrong host name (`verify-ca`/`verify-full`), `rediss://` against a plain-text port (also when the handshake never completes within `dial_timeout`)"},
	{Name: "auth", Precedence: 3, Retried: true,
		Doc: "the server rejected the credentials: PostgreSQL `28P01` (wrong password) or `28000` (no `pg_hba.conf` entry, a role that may not log in); Redis `WRONGPASS`, `NOAUTH`"},
	{Name: "conn_limit", Precedence: 4, Retried: true,
		Doc: "the server's connection limit: PostgreSQL `53300` (`max_connections` — \"sorry, too many clients already\" —, reserved slots, or a role's or database's `CONNECTION LIMIT`); Redis \"ERR max number of clients reached\" (`maxclients`)"},
	{Name: "permission", Precedence: 5, Retried: true,
		Doc: "the user may not do it: PostgreSQL `42501` insufficient_privilege (e.g. no `CREATE` on the database for the scenario's schema); Redis `NOPERM` (ACL)"},
	{Name: "prepared_statement", Precedence: 15, Retried: true,
		Doc: "a prepared statement the connection believes it has is missing or already there on the server: PostgreSQL `42P05` (\"prepared statement … already exists\") or `26000` (\"… does not exist\"), the pitfall of a statement-caching `query_exec_mode` through PgBouncer in transaction or statement mode (the console names the fix)"},
	{Name: "query", Precedence: 16, Retried: true,
		Doc: "any other server error: an SQL error, a Redis error reply"},
	{Name: "injected", Precedence: 1, Retried: true,
		Doc: "the `error` fault failed it, before any I/O"},
	{Name: "closed", Precedence: 9, Retried: true,
		Doc: "the pool or client was already closed"},
	{Name: "breaker_open", Precedence: 2, Retried: false,
		Doc: "an open circuit breaker rejected it, without I/O"},
	{Name: "readonly", Precedence: 6, Retried: true,
		Doc: "a write reached a read-only replica (Redis `READONLY`): with a Sentinel target, a connection still on the old master after a failover"},
	{Name: "stale_conn", Precedence: 13, Retried: true,
		Doc: "a connection to a server that is no longer the master (Redis Sentinel, after a failover) broke, or go-redis closed it under the iteration when the master moved"},
	{Name: "other", Precedence: 17, Retried: true,
		Doc: "anything else"},
}

// ErrorKinds lists every error class, in report order. Each failure of an
// iteration is counted in exactly one of them.
var ErrorKinds = func() []string {
	out := make([]string, len(ErrorKindTable))
	for i, k := range ErrorKindTable {
		out[i] = k.Name
	}
	return out
}()

// RetriedByDefault lists the kinds a retry block without on retries, in
// report order.
func RetriedByDefault() []string {
	var out []string
	for _, k := range ErrorKindTable {
		if k.Retried {
			out = append(out, k.Name)
		}
	}
	return out
}

// NotRetriedByDefault lists the kinds a retry block without on leaves
// alone, in report order.
func NotRetriedByDefault() []string {
	var out []string
	for _, k := range ErrorKindTable {
		if !k.Retried {
			out = append(out, k.Name)
		}
	}
	return out
}
