package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
)

// queryOp runs one SQL statement and discards its rows. Without args it
// uses the simple protocol (so a step may hold several statements); with
// args the statement is prepared once per connection and the args are
// sent as text, which the server casts to the parameter types.
type queryOp struct {
	p    *pool
	sql  string
	args []arg.Expr
	stmt string    // prepared statement name; "" without args
	mode string    // query_exec_mode (with args)
	bufs sync.Pool // *params
}

// params holds one call's argument values: the bytes live in it.Scratch.
type params struct {
	ends []int
	vals [][]byte
}

func (o *queryOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	l, err := o.p.acquire(ctx, it)
	if err != nil {
		return err
	}
	err = o.run(ctx, l, it)
	o.p.release(l)
	return err
}

func (o *queryOp) run(ctx context.Context, l lease, it *drivers.WorkerState) error {
	c := l.conn()
	if o.stmt == "" {
		return c.PgConn().Exec(ctx, o.sql).Close()
	}
	var sd *pgconn.StatementDescription
	switch o.mode {
	case ModeCacheStatement:
		if _, err := c.Prepare(ctx, o.stmt, o.sql); err != nil { // cached per connection
			return err
		}
	case ModeCacheDescribe:
		data := c.PgConn().CustomData()
		if cached, ok := data[o.stmt].(*pgconn.StatementDescription); ok {
			sd = cached
		} else {
			d, err := c.PgConn().Prepare(ctx, "", o.sql, nil)
			if err != nil {
				return err
			}
			data[o.stmt] = d
			sd = d
		}
	case ModeDescribeExec:
		d, err := c.PgConn().Prepare(ctx, "", o.sql, nil)
		if err != nil {
			return err
		}
		sd = d
	}
	ps := o.bufs.Get().(*params)
	buf := it.Scratch[:0]
	for i, a := range o.args {
		buf = a.AppendTo(buf, it.Seq, it.Worker)
		ps.ends[i] = len(buf)
	}
	it.Scratch = buf
	start := 0
	for i, end := range ps.ends {
		ps.vals[i] = buf[start:end:end]
		start = end
	}
	var err error
	switch o.mode {
	case ModeCacheStatement:
		_, err = c.PgConn().ExecPrepared(ctx, o.stmt, ps.vals, nil, nil).Close()
	case ModeDescribeExec:
		// The unnamed statement just described: its second round trip.
		_, err = c.PgConn().ExecPrepared(ctx, "", ps.vals, nil, nil).Close()
	case ModeCacheDescribe:
		_, err = c.PgConn().ExecParams(ctx, o.sql, ps.vals, sd.ParamOIDs, nil, nil).Close()
	case ModeSimpleProtocol:
		sql, ierr := interpolate(o.sql, ps.vals)
		if ierr != nil {
			err = ierr
		} else {
			err = c.PgConn().Exec(ctx, sql).Close()
		}
	default: // ModeExec: untyped text parameters, the server infers the types
		_, err = c.PgConn().ExecParams(ctx, o.sql, ps.vals, nil, nil, nil).Close()
	}
	clear(ps.vals)
	o.bufs.Put(ps)
	return err
}

// holdOp acquires a connection, keeps it for d (0: release at once, the
// acquire step) and releases it.
type holdOp struct {
	p *pool
	d time.Duration
}

func (o *holdOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	l, err := o.p.acquire(ctx, it)
	if err != nil {
		return err
	}
	if o.d > 0 {
		t := time.NewTimer(o.d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			err = ctx.Err()
		}
	}
	o.p.release(l)
	return err
}

// pingOp sends an empty query.
type pingOp struct{ p *pool }

func (o *pingOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	l, err := o.p.acquire(ctx, it)
	if err != nil {
		return err
	}
	err = l.conn().PgConn().Ping(ctx)
	o.p.release(l)
	return err
}

// txOp runs BEGIN, its statements and COMMIT, one round trip each, and
// rolls back when a statement fails.
type txOp struct {
	p     *pool
	stmts []string
}

func (o *txOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	l, err := o.p.acquire(ctx, it)
	if err != nil {
		return err
	}
	err = o.run(ctx, l.conn().PgConn())
	o.p.release(l)
	return err
}

func (o *txOp) run(ctx context.Context, pc *pgconn.PgConn) error {
	if err := pc.Exec(ctx, "begin").Close(); err != nil {
		return err
	}
	for i, s := range o.stmts {
		if err := pc.Exec(ctx, s).Close(); err != nil {
			rollback(ctx, pc)
			return fmt.Errorf("tx statement %d: %w", i+1, err)
		}
	}
	if err := pc.Exec(ctx, "commit").Close(); err != nil {
		rollback(ctx, pc)
		return fmt.Errorf("tx commit: %w", err)
	}
	return nil
}

// rollback ends a failed transaction so the connection can go back to
// the pool; if that fails the pool destroys the connection on release.
func rollback(ctx context.Context, pc *pgconn.PgConn) {
	if pc.IsClosed() || pc.TxStatus() == 'I' {
		return
	}
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
	}
	_ = pc.Exec(ctx, "rollback").Close()
}
