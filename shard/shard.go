package shard

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
)

// Spec is one shard: Index from 0 to Count−1.
type Spec struct {
	Index, Count int
}

// String renders "I/N".
func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// MaxShards bounds N.
const MaxShards = 10000

// Parse reads "I/N" (I from 0 to N−1).
func Parse(text string) (Spec, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(text), "/")
	if !ok {
		return Spec{}, fmt.Errorf("--shard %q: want INDEX/COUNT, e.g. 0/4", text)
	}
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil {
		return Spec{}, fmt.Errorf("--shard %q: want INDEX/COUNT, two whole numbers, e.g. 0/4", text)
	}
	return Make(idx, cnt)
}

// Make checks index and count.
func Make(index, count int) (Spec, error) {
	if count < 1 || count > MaxShards {
		return Spec{}, fmt.Errorf("the shard count must be from 1 to %d, not %d", MaxShards, count)
	}
	if index < 0 || index >= count {
		return Spec{}, fmt.Errorf("the shard index must be from 0 to %d (the count less one), not %d", count-1, index)
	}
	return Spec{Index: index, Count: count}, nil
}

// Part is shard i's share of total, for n shards: total/n, plus one for
// the first total mod n shards. The parts of all shards add up to total.
func Part(total int64, i, n int) int64 {
	q, r := total/int64(n), total%int64(n)
	if int64(i) < r {
		return q + 1
	}
	return q
}

// segmentCount is how many of the iterations 0…total−1 are ≡ i mod n.
func segmentCount(total int64, i, n int) int64 {
	if total <= int64(i) {
		return 0
	}
	return (total - int64(i) + int64(n) - 1) / int64(n)
}

// FaultRule says where a fault kind runs in a sharded plan.
type FaultRule int

const (
	// EveryShard: the fault acts on what each process owns (its proxy,
	// its pool, its own connections), so every shard runs it, as the
	// unsharded run did for all of its connections.
	EveryShard FaultRule = iota + 1
	// FirstShard: the fault acts on the whole server; run once (shard 0).
	FirstShard
)

// FaultRules is the rule of every fault kind of internal/faultkind (a
// test keeps them in step: a new kind must say its rule here).
var FaultRules = map[string]FaultRule{
	faultkind.Latency:   EveryShard, // the in-process proxy of each shard
	faultkind.Bandwidth: EveryShard,
	faultkind.Reset:     EveryShard,
	faultkind.Outage:    EveryShard,
	faultkind.Timeout:   EveryShard,
	// terminate ends the connections of this run's application_name (its
	// own pool's, or its idle ones): each shard ends its own, which is
	// what one unsharded terminate did to all of them.
	faultkind.Terminate: EveryShard,
	// pause stalls every client of the server (CLIENT PAUSE): once.
	faultkind.Pause:     FirstShard,
	faultkind.Error:     EveryShard, // in the process
	faultkind.DNS:       EveryShard, // the process's own resolution
	faultkind.ClosePool: EveryShard, // pools are per process
	// restart stops and starts the server process (one server, shared by
	// the shards): once. failover promotes a replica: once.
	faultkind.Restart:  FirstShard,
	faultkind.Failover: FirstShard,
}

// Split returns shard s's plan: a copy of p whose loads run the shard's
// share (see docs/sharding.md). Pools are kept as they are (each process
// has its own). p is not changed.
func Split(p *plan.Plan, s Spec) (*plan.Plan, error) {
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return nil, fmt.Errorf("invalid shard %s", s)
	}
	out := &plan.Plan{Scenarios: make([]*plan.Scenario, 0, len(p.Scenarios))}
	for _, sc := range p.Scenarios {
		c := *sc
		c.Phases = make([]*plan.Phase, 0, len(sc.Phases))
		for _, ph := range sc.Phases {
			cp := *ph
			cp.Loads = make([]*plan.Load, 0, len(ph.Loads))
			for _, l := range ph.Loads {
				sl, err := splitLoad(l, s)
				if err != nil {
					return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
				}
				cp.Loads = append(cp.Loads, sl)
			}
			cp.Faults = nil
			for _, f := range ph.Faults {
				rule, ok := FaultRules[f.Kind]
				if !ok {
					return nil, fmt.Errorf("scenario %q: fault kind %q has no sharding rule", sc.Name, f.Kind)
				}
				if rule == EveryShard || s.Index == 0 {
					cp.Faults = append(cp.Faults, f)
				}
			}
			c.Phases = append(c.Phases, &cp)
		}
		out.Scenarios = append(out.Scenarios, &c)
	}
	return out, nil
}

func splitLoad(l *plan.Load, s Spec) (*plan.Load, error) {
	c := *l
	i, n := s.Index, s.Count
	switch l.Pattern {
	case plan.Burst:
		iters := l.Iterations
		if iters <= 0 {
			iters = l.Workers
		}
		c.Iterations = Part(iters, i, n)
		c.Workers = Part(l.Workers, i, n)
		if c.Iterations > 0 && c.Workers == 0 {
			c.Workers = 1 // fewer workers than shards: each shard with work has one
		}
		c.ExpectedIterations = c.Iterations
	case plan.ConstantWorkers:
		c.Workers = Part(l.Workers, i, n)
	case plan.ConstantRate, plan.RampingRate:
		c.Segment = &plan.Segment{Index: int64(i), Count: int64(n), Rate: l.Rate, StartRate: l.StartRate,
			Stages: append([]plan.Stage(nil), l.Stages...)}
		c.Rate = l.Rate / float64(n)
		c.StartRate = l.StartRate / float64(n)
		c.Stages = make([]plan.Stage, len(l.Stages))
		for k, st := range l.Stages {
			c.Stages[k] = plan.Stage{Rate: st.Rate / float64(n), Duration: st.Duration}
		}
		c.ExpectedIterations = segmentCount(l.ExpectedIterations, i, n)
		c.MaxWorkers = max(Part(l.MaxWorkers, i, n), 1)
	default:
		if _, ok := loadpattern.Of(l.Pattern); ok {
			return nil, fmt.Errorf("load %q: pattern %q has no sharding rule", l.Name, l.Pattern)
		}
		return nil, fmt.Errorf("load %q: unknown pattern %q", l.Name, l.Pattern)
	}
	return &c, nil
}

// PlanHash is a stable hash of the unsharded compiled plan: sha256 of its
// JSON (what `stressql plan -json` prints, which write gives), in hex.
func PlanHash(write func(w io.Writer) error) (string, error) {
	h := sha256.New()
	if err := write(h); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
