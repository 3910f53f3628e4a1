// Package postgres is the PostgreSQL driver of stressql: a drivers.Pool
// on pgx/v5's pgxpool (or, with the pool disabled, one fresh connection
// per iteration) that runs compiled steps against a real server.
//
// It exists so that the engine measures the pool it configures and
// nothing else: acquiring is explicit and timed, statements are prepared
// once per connection, arguments are built in reusable buffers, and the
// server-side view (pg_stat_activity by application_name) comes from a
// separate monitor connection that is never counted.
package postgres
