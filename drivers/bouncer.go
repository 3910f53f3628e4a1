package drivers

import (
	"context"
	"time"
)

// BouncerSample is one reading of a connection pooler's admin console
// (PgBouncer's SHOW POOLS) for the pool's database and user.
type BouncerSample struct {
	ClActive  int64         // client connections linked to a server connection or idle
	ClWaiting int64         // client connections waiting for a server connection
	SvActive  int64         // server connections linked to a client
	SvIdle    int64         // server connections unused and ready
	MaxWait   time.Duration // how long the oldest waiting client has waited
}

// BouncerPool is implemented by a Pool whose target may be a connection
// pooler in front of the server (PostgreSQL: PgBouncer). Bouncer returns
// ok false when the target is not one; that is decided once, and later
// calls then return at once. It must work while the pool is under load
// and after Close.
type BouncerPool interface {
	Bouncer(ctx context.Context) (s BouncerSample, ok bool, err error)
}
