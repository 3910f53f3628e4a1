package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/drivers/redis/rediscmd"
)

// Step kinds this driver runs.
const (
	KindCommand = "command"
	KindPing    = "ping"
	KindGet     = "get"
	KindSet     = "set"
)

// Prepare compiles a step into an Op. A command step must pass the
// command policy (drivers/redis/rediscmd) unless the step allows dangerous
// commands: dsl checked it already, this is defence in depth. Its key
// arguments get the namespace prefix: where the command table knows them
// (movable keys, subcommands) from the table, else the server says, once
// (COMMAND INFO / COMMAND GETKEYS); if the server cannot be reached now,
// the first run asks instead.
func (p *pool) Prepare(s drivers.Step) (drivers.Op, error) {
	switch s.Kind {
	case KindPing:
		return &pingOp{p: p}, nil
	case KindGet:
		if s.Key == nil {
			return nil, errors.New("redis get step: key is missing")
		}
		return &getOp{p: p, key: p.newKey(*s.Key)}, nil
	case KindSet:
		if s.Key == nil {
			return nil, errors.New("redis set step: key is missing")
		}
		if s.TTL < 0 {
			return nil, fmt.Errorf("redis set step: ttl %s: want >= 0", s.TTL)
		}
		o := &setOp{p: p, key: p.newKey(*s.Key), ttl: s.TTL}
		if s.Value != nil {
			o.value = *s.Value
		}
		if o.value.IsConst() {
			o.konst = o.value.ConstString() // boxed once, not per SET
		}
		if o.ttl == 0 && p.safetyMs > 0 {
			o.safety = true
			o.bufs = sync.Pool{New: func() any { a := []any{"set", nil, nil, "px", p.safetyPX}; return &a }}
		}
		return o, nil
	case KindCommand:
		if len(s.Args) == 0 {
			return nil, errors.New("redis command step: args is empty")
		}
		policy := policyArgs(s.Args)
		if _, r := rediscmd.Check(policy); r != nil && !(r.Liftable() && s.AllowDangerous) {
			return nil, fmt.Errorf("redis command step: %s", r.Error())
		}
		o := &commandOp{p: p, args: s.Args}
		n := len(s.Args) + 2 // room for SET's PX <safety>
		o.bufs = sync.Pool{New: func() any { a := make([]any, n); return &a }}
		if _, static := staticKeys(policy); !static && p.ns == "" {
			o.plan.Store(newCommandPlan(s.Args, nil, ""))
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), p.dialTimeout)
			_, _ = o.resolve(ctx) // best effort; Do retries when this failed
			cancel()
		}
		return o, nil
	}
	return nil, fmt.Errorf("redis: unknown step kind %q (want command, ping, get or set)", s.Kind)
}

// policyArgs are a command step's arguments as the command policy sees
// them.
func policyArgs(args []arg.Expr) []rediscmd.Arg {
	policy := make([]rediscmd.Arg, len(args))
	for i, a := range args {
		policy[i] = rediscmd.Arg{Value: a.ConstString(), Const: a.IsConst()}
	}
	return policy
}

// staticKeys returns the key positions of a command whose keys the
// command table knows (movable keys, subcommands): asking the server
// (COMMAND GETKEYS) gives key names, and mapping names back to positions
// is ambiguous when a key equals another argument (XREADGROUP GROUP g c
// STREAMS c 0 would prefix the consumer, not the stream).
func staticKeys(args []rediscmd.Arg) ([]int, bool) {
	if c := rediscmd.Find(args); c != nil && c.StaticKeys() {
		return c.Keys(args)
	}
	return nil, false
}

// key is a compiled key with the namespace prefix.
type key struct {
	ns    string
	expr  arg.Expr
	konst string // the whole key when expr is constant
}

func (p *pool) newKey(e arg.Expr) key {
	k := key{ns: p.ns, expr: e}
	if e.IsConst() {
		k.konst = p.ns + e.ConstString()
	}
	return k
}

// eval returns the key for the iteration; only a templated key allocates
// (its string).
func (k *key) eval(it *drivers.WorkerState) string {
	if k.expr.IsConst() {
		return k.konst
	}
	b := append(it.Scratch[:0], k.ns...)
	b = k.expr.AppendTo(b, it.Seq, it.Worker)
	it.Scratch = b
	return string(b)
}
