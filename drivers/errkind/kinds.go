package errkind

// The error kinds, as named in results.ErrorKindTable (the one table: report
// order, classification precedence, default retries, docs) and in checks
// (errors.<kind>). The classifiers (Common, each driver's Classify) keep
// the table's precedence order; TestKindsMatchResults keeps these names
// equal to the table's.
const (
	AcquireTimeout = "acquire_timeout"    // no pool connection within the acquire deadline
	Timeout        = "timeout"            // deadline or network timeout during I/O
	Refused        = "refused"            // connection refused
	Reset          = "reset"              // connection reset, broken or ended by the server
	DNS            = "dns"                // host name did not resolve
	TLS            = "tls"                // TLS handshake or certificate failure
	Auth           = "auth"               // the server rejected the credentials
	ConnLimit      = "conn_limit"         // the server's connection limit (max_connections, role/database CONNECTION LIMIT, maxclients)
	Permission     = "permission"         // the user may not run the command (insufficient privilege, ACL)
	PreparedStmt   = "prepared_statement" // a prepared statement missing or duplicated on the server (PgBouncer transaction pooling)
	Query          = "query"              // the server rejected the command (SQL error, Redis error reply)
	Injected       = "injected"           // the engine's `error` fault
	Closed         = "closed"             // the pool or client was already closed
	BreakerOpen    = "breaker_open"       // the circuit breaker rejected the call
	Other          = "other"              // anything else
	ReadOnly       = "readonly"           // a write reached a read-only replica (Redis READONLY)
	StaleConn      = "stale_conn"         // a connection to a server no longer the master (Sentinel failover)
)
