package drivers

import (
	"context"
	"time"
)

// BouncerSample is one reading of a connection pooler's admin console:
// PgBouncer's SHOW POOLS for the pool's database and user, and SHOW STATS
// for its database.
type BouncerSample struct {
	ClActive  int64         // client connections linked to a server connection or idle
	ClWaiting int64         // client connections waiting for a server connection
	SvActive  int64         // server connections linked to a client
	SvIdle    int64         // server connections unused and ready
	MaxWait   time.Duration // how long the oldest waiting client has waited

	// Stats tells whether the totals below were read (SHOW STATS). They
	// are the bouncer's running totals for the database since it started
	// (all its clients, not only this pool's): only differences between
	// two samples mean something.
	Stats     bool
	Xacts     int64         // transactions pooled (total_xact_count)
	Queries   int64         // queries pooled (total_query_count)
	XactTime  time.Duration // time in transactions, on server connections (total_xact_time)
	QueryTime time.Duration // time in queries, on server connections (total_query_time)
	WaitTime  time.Duration // time clients waited for a server connection (total_wait_time)
}

// BouncerPool is implemented by a Pool whose target may be a connection
// pooler in front of the server (PostgreSQL: PgBouncer). Bouncer returns
// ok false when the target is not one; that is decided once, and later
// calls then return at once. It must work while the pool is under load
// and after Close.
type BouncerPool interface {
	Bouncer(ctx context.Context) (s BouncerSample, ok bool, err error)
}
