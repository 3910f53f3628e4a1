package redis

import (
	"context"
	"errors"
	"fmt"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers/arg"
)

// commandPlan is a command step with its key positions known.
type commandPlan struct {
	ns      string
	base    []any  // constant args, keys already prefixed; nil where dynamic
	dynamic []int  // positions evaluated per iteration
	isKey   []bool // by position
	safety  safetyPlan
}

func newCommandPlan(args []arg.Expr, keyPos []int, ns string) *commandPlan {
	p := &commandPlan{ns: ns, base: make([]any, len(args)), isKey: make([]bool, len(args))}
	for _, i := range keyPos {
		p.isKey[i] = true
	}
	for i, a := range args {
		switch {
		case !a.IsConst():
			p.dynamic = append(p.dynamic, i)
		case p.isKey[i]:
			p.base[i] = ns + a.ConstString()
		default:
			p.base[i] = a.ConstString()
		}
	}
	return p
}

// resolve finds the key positions of the command (from the command
// table, else on the server) and its safety net, and stores the plan.
func (o *commandOp) resolve(ctx context.Context) (*commandPlan, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if plan := o.plan.Load(); plan != nil {
		return plan, nil
	}
	sample := make([]string, len(o.args))
	for i, a := range o.args {
		sample[i] = a.String(0, 0)
	}
	pos, ok := staticKeys(policyArgs(o.args))
	if !ok {
		var err error
		if pos, err = o.p.keyPositions(ctx, sample); err != nil {
			return nil, fmt.Errorf("redis command %s: finding key arguments: %w", sample[0], err)
		}
	}
	safety, err := o.p.planSafety(ctx, sample, pos)
	if err != nil {
		return nil, fmt.Errorf("redis command %s: %w", sample[0], err)
	}
	plan := newCommandPlan(o.args, pos, o.p.ns)
	plan.safety = safety
	if plan.safety.appendPX {
		plan.base = append(plan.base, "px", o.p.safetyPX)
	}
	o.plan.Store(plan)
	return plan, nil
}

// cmdSpec is what COMMAND INFO says about where a command's keys are.
type cmdSpec struct {
	known       bool
	first, last int // legacy key range; last < 0 counts from the end
	step        int
	movable     bool // keys depend on other arguments (EVAL, ZUNION...)
	subcommands bool // a container (OBJECT, XINFO...): keys depend on the subcommand
}

// keyPositions returns the indexes of the key arguments of args (args[0]
// is the command name): from COMMAND INFO (cached per command name) when
// the positions are fixed, else from COMMAND GETKEYS on these arguments.
func (p *pool) keyPositions(ctx context.Context, args []string) ([]int, error) {
	spec, err := p.commandSpec(ctx, strings.ToLower(args[0]))
	if err != nil {
		return nil, err
	}
	switch {
	case !spec.known:
		return nil, nil // the server will reject the command itself
	case spec.movable || spec.subcommands:
		return p.getKeys(ctx, args)
	}
	if spec.first <= 0 || spec.step <= 0 {
		return nil, nil
	}
	last := spec.last
	if last < 0 {
		last += len(args)
	}
	var pos []int
	for i := spec.first; i <= last && i < len(args); i += spec.step {
		pos = append(pos, i)
	}
	return pos, nil
}

func (p *pool) commandSpec(ctx context.Context, name string) (*cmdSpec, error) {
	p.specMu.Lock()
	spec, ok := p.specs[name]
	p.specMu.Unlock()
	if ok {
		return spec, nil
	}
	var reply any
	err := p.mon.do(true, func(c goredis.UniversalClient) error {
		var err error
		reply, err = c.Do(ctx, "command", "info", name).Result()
		return err
	})
	if err != nil {
		return nil, err
	}
	spec = parseCommandInfo(reply)
	p.specMu.Lock()
	p.specs[name] = spec
	p.specMu.Unlock()
	return spec, nil
}

// parseCommandInfo reads one COMMAND INFO entry:
// [name, arity, flags, first, last, step, acl, tips, key specs, subcommands].
func parseCommandInfo(reply any) *cmdSpec {
	list, _ := reply.([]any)
	if len(list) == 0 {
		return &cmdSpec{}
	}
	info, _ := list[0].([]any)
	if len(info) < 6 {
		return &cmdSpec{} // nil entry: unknown command
	}
	spec := &cmdSpec{known: true, first: toInt(info[3]), last: toInt(info[4]), step: toInt(info[5])}
	if flags, ok := info[2].([]any); ok {
		for _, f := range flags {
			if s, _ := f.(string); s == "movablekeys" {
				spec.movable = true
			}
		}
	}
	if len(info) > 9 {
		if subs, ok := info[9].([]any); ok && len(subs) > 0 {
			spec.subcommands = true
		}
	}
	return spec
}

func toInt(v any) int {
	n, _ := v.(int64)
	return int(n)
}

// getKeys asks COMMAND GETKEYS and maps the keys back to positions, in
// order. A command the server says has no keys (or rejects) gets none.
func (p *pool) getKeys(ctx context.Context, args []string) ([]int, error) {
	cmd := make([]any, len(args))
	for i, a := range args {
		cmd[i] = a
	}
	var keys []string
	err := p.mon.do(true, func(c goredis.UniversalClient) error {
		var err error
		keys, err = c.CommandGetKeys(ctx, cmd...).Result()
		return err
	})
	var replyErr goredis.Error
	if errors.As(err, &replyErr) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var pos []int
	next := 1
	for _, k := range keys {
		for i := next; i < len(args); i++ {
			if args[i] == k {
				pos = append(pos, i)
				next = i + 1
				break
			}
		}
	}
	return pos, nil
}
