package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
)

// result maps go-redis's outcome to the driver's. A "key does not exist"
// reply is success: a miss is an answer, not a failure. A bare context
// deadline comes from waiting for a pool turn or a dial (a deadline
// during I/O is a net.Error), so it is an acquire timeout, as in the
// postgres driver.
func result(err error) error {
	switch {
	case err == nil, errors.Is(err, goredis.Nil):
		return nil
	case err == context.DeadlineExceeded:
		return fmt.Errorf("waiting for a connection: %w: %w", drivers.ErrAcquireTimeout, err)
	}
	return err
}

// begin starts an Op: an iteration whose context is already done fails
// before any pool wait (so its deadline is not taken for one).
func (p *pool) begin(ctx context.Context, it *drivers.WorkerState) (goredis.UniversalClient, error) {
	it.Acquire = 0
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return p.get()
}

type pingOp struct{ p *pool }

func (o *pingOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	c, err := o.p.begin(ctx, it)
	if err != nil {
		return err
	}
	err = result(c.Ping(ctx).Err())
	o.p.put(c)
	return err
}

type getOp struct {
	p   *pool
	key key
}

func (o *getOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	c, err := o.p.begin(ctx, it)
	if err != nil {
		return err
	}
	err = result(c.Get(ctx, o.key.eval(it)).Err())
	o.p.put(c)
	return err
}

type setOp struct {
	p     *pool
	key   key
	value arg.Expr
	// konst is the value as an interface when it is constant: converting
	// a string to one allocates, and go-redis takes the value as any.
	konst any
	ttl   time.Duration
	// safety: the step has no ttl and the pool a safety-net TTL, sent as
	// SET key value PX <safety> from a pooled argument slice, so the
	// expiry costs no allocation.
	safety bool
	bufs   sync.Pool // *[]any{"set", key, value, "px", safetyPX}
}

func (o *setOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	c, err := o.p.begin(ctx, it)
	if err != nil {
		return err
	}
	k := o.key.eval(it)
	v := o.konst
	if v == nil {
		v = o.value.String(it.Seq, it.Worker)
	}
	if o.safety {
		bp := o.bufs.Get().(*[]any)
		a := *bp
		a[1], a[2] = k, v
		err = result(c.Process(ctx, goredis.NewStatusCmd(ctx, a...)))
		a[1], a[2] = nil, nil
		o.bufs.Put(bp)
	} else {
		err = result(c.Set(ctx, k, v, o.ttl).Err())
	}
	o.p.put(c)
	return err
}

// commandOp sends Args as one command, with the namespace before every
// key argument. Keys it writes without a TTL get the safety net (see
// ttl.go): PX appended to a plain SET, else PEXPIRE ... NX per written key
// in the same pipeline.
type commandOp struct {
	p    *pool
	args []arg.Expr
	plan atomic.Pointer[commandPlan]
	mu   sync.Mutex // serializes resolve
	bufs sync.Pool  // *[]any, len(args)
}

func (o *commandOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	plan := o.plan.Load()
	if plan == nil {
		var err error
		if plan, err = o.resolve(ctx); err != nil {
			return err
		}
	}
	if plan.safety.refuse != nil {
		it.Acquire = 0
		return plan.safety.refuse
	}
	c, err := o.p.begin(ctx, it)
	if err != nil {
		return err
	}
	bp := o.bufs.Get().(*[]any)
	a := (*bp)[:len(plan.base)]
	copy(a, plan.base)
	for _, i := range plan.dynamic {
		b := it.Scratch[:0]
		if plan.isKey[i] {
			b = append(b, plan.ns...)
		}
		b = o.args[i].AppendTo(b, it.Seq, it.Worker)
		it.Scratch = b
		a[i] = string(b)
	}
	if len(plan.safety.expire) > 0 {
		err = o.doExpiring(ctx, c, a, plan.safety.expire)
	} else {
		err = result(c.Do(ctx, a...).Err())
	}
	clear(*bp) // the buffer must not keep this iteration's strings alive
	o.bufs.Put(bp)
	o.p.put(c)
	return err
}

// doExpiring sends the command and PEXPIRE <key> <safety> NX for each
// written key in one pipeline. The command's error comes first; an error
// of a PEXPIRE is the iteration's too (the key may then stay forever).
func (o *commandOp) doExpiring(ctx context.Context, c goredis.UniversalClient, a []any, expire []int) error {
	pipe := c.Pipeline()
	pipe.Do(ctx, a...)
	for _, i := range expire {
		pipe.Do(ctx, "pexpire", a[i], o.p.safetyPX, "nx")
	}
	cmds, _ := pipe.Exec(ctx)
	for i, cmd := range cmds {
		if err := result(cmd.Err()); err != nil {
			if i > 0 {
				return fmt.Errorf("redis: setting the safety-net TTL: %w", err)
			}
			return err
		}
	}
	return nil
}
