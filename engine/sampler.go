package engine

import (
	"context"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// counters are a scenario's cumulative pool counters: the sum over every
// pool it opened of what that pool counted, so that a pool swap does not
// reset them. A part's counters are the difference between two samples.
type counters struct {
	newConns, acquires, emptyAcquires, canceledAcquires int64
	hits, misses, timeouts, stale                       int64
	moved, ask                                          int64
}

type counterSample struct {
	at time.Time
	c  counters
	// nodes are the counters per node of a Redis Cluster pool (nil for
	// other pools).
	nodes map[string]nodeCounters
}

// nodeCounters are one cluster node's cumulative pool counters, summed
// over the scenario's pools; nodeSeries its gauges (the current pool's).
type nodeCounters struct{ hits, misses, timeouts, stale int64 }

type nodeSeries struct{ total, idle, inUse metrics.Series }

// sampler samples, every interval, the current pool's gauges and every
// pool's counters, the process, and (in a second goroutine, since it is a
// query) the connections the server sees. Parts of the run read windows
// of the series once the scenario is over.
type sampler struct {
	interval time.Duration
	// countServer: the driver counts the server's connections
	// (drivers.CapServerConns); else there is no server sampling.
	countServer bool
	// measures are the pool.* counters the driver measures (its
	// descriptor's PoolMetrics); the others are no data.
	measures []string

	mu      sync.Mutex
	cur     *poolHandle
	handles []*poolHandle
	total   metrics.Series
	idle    metrics.Series
	inUse   metrics.Series
	cnt     []counterSample
	server  metrics.Series
	proc    metrics.ProcessSeries
	bnc     bouncerSeries
	// nodes: a Redis Cluster pool's gauges per node, by address;
	// nodeAddrs the addresses seen, in order.
	nodes     map[string]*nodeSeries
	nodeAddrs []string

	stop chan struct{}
	wg   sync.WaitGroup
}

func newSampler(interval time.Duration) *sampler {
	return &sampler{interval: interval, stop: make(chan struct{})}
}

// setPool makes h the pool traffic goes to; its counters join the sum.
func (s *sampler) setPool(h *poolHandle) {
	s.mu.Lock()
	s.cur = h
	s.handles = append(s.handles, h)
	s.mu.Unlock()
}

// start launches the sampling goroutines; stopAndWait ends them.
func (s *sampler) start() {
	s.wg.Go(func() { s.loop(func() { s.samplePool(); s.sampleProcess() }) })
	if s.countServer {
		s.wg.Go(func() { s.loop(s.sampleServer) })
	}
	s.wg.Go(func() { s.loop(s.sampleBouncer) })
}

func (s *sampler) stopAndWait() {
	close(s.stop)
	s.wg.Wait()
}

func (s *sampler) loop(sample func()) {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	sample()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			sample()
		}
	}
}

// boundary samples the pool now and returns the instant, for a part of
// the run to start or end exactly there.
func (s *sampler) boundary() time.Time { return s.samplePool() }

func (s *sampler) samplePool() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.cur != nil {
		st := s.cur.stats()
		s.total.Add(now, float64(st.TotalConns))
		s.idle.Add(now, float64(st.IdleConns))
		s.inUse.Add(now, float64(st.InUseConns))
		for _, n := range st.Nodes {
			ns := s.node(n.Addr)
			ns.total.Add(now, float64(n.TotalConns))
			ns.idle.Add(now, float64(n.IdleConns))
			ns.inUse.Add(now, float64(n.InUseConns))
		}
	}
	var c counters
	var nc map[string]nodeCounters
	for _, h := range s.handles {
		st := h.stats()
		for _, n := range st.Nodes {
			if nc == nil {
				nc = make(map[string]nodeCounters, len(st.Nodes))
			}
			s.node(n.Addr)
			x := nc[n.Addr]
			x.hits += n.Hits
			x.misses += n.Misses
			x.timeouts += n.Timeouts
			x.stale += n.StaleConns
			nc[n.Addr] = x
		}
		c.newConns += st.NewConns
		c.acquires += st.AcquireCount
		c.emptyAcquires += st.EmptyAcquireCount
		c.canceledAcquires += st.CanceledAcquireCount
		c.hits += st.Hits
		c.misses += st.Misses
		c.timeouts += st.Timeouts
		c.stale += st.StaleConns
		c.moved += st.Moved
		c.ask += st.Ask
	}
	s.cnt = append(s.cnt, counterSample{at: now, c: c, nodes: nc})
	return now
}

// node is the gauges of the cluster node at addr, made on first sight.
func (s *sampler) node(addr string) *nodeSeries {
	if ns, ok := s.nodes[addr]; ok {
		return ns
	}
	if s.nodes == nil {
		s.nodes = map[string]*nodeSeries{}
	}
	ns := &nodeSeries{}
	s.nodes[addr] = ns
	i, _ := slices.BinarySearch(s.nodeAddrs, addr)
	s.nodeAddrs = slices.Insert(s.nodeAddrs, i, addr)
	return ns
}

// nodePools summarizes each cluster node's pool over wins, like pool;
// nil without cluster nodes. A node without a sample or a counted event
// in wins is left out.
func (s *sampler) nodePools(wins []window) []results.NodePool {
	var out []results.NodePool
	for _, addr := range s.nodeAddrs {
		ns := s.nodes[addr]
		np := results.NodePool{Addr: addr,
			TotalConns: gauge(between(&ns.total, wins)),
			IdleConns:  gauge(between(&ns.idle, wins)),
			InUseConns: gauge(between(&ns.inUse, wins)),
		}
		for _, w := range wins {
			to, from := s.nodeCounterAt(w.to, addr), s.nodeCounterAt(w.from, addr)
			np.Hits += wrapDelta(to.hits, from.hits)
			np.Misses += wrapDelta(to.misses, from.misses)
			np.Timeouts += wrapDelta(to.timeouts, from.timeouts)
			np.StaleConns += wrapDelta(to.stale, from.stale)
		}
		if np.TotalConns.Samples == 0 && np.Hits+np.Misses+np.Timeouts+np.StaleConns == 0 {
			continue
		}
		out = append(out, np)
	}
	return out
}

// nodeCounterAt is the counters of the node at addr in the last sample at
// or before t; zero before any.
func (s *sampler) nodeCounterAt(t time.Time, addr string) nodeCounters {
	i := sort.Search(len(s.cnt), func(i int) bool { return s.cnt[i].at.After(t) })
	if i == 0 {
		return nodeCounters{}
	}
	return s.cnt[i-1].nodes[addr]
}

func (s *sampler) sampleProcess() {
	p := metrics.SampleProcess()
	s.mu.Lock()
	s.proc.Add(p)
	s.mu.Unlock()
}

// serverTimeout bounds one server count: a stalled monitor must not stall
// sampling for long.
const serverTimeout = time.Second

func (s *sampler) sampleServer() {
	s.mu.Lock()
	h := s.cur
	s.mu.Unlock()
	if h == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), serverTimeout)
	n, err := h.pool.ServerConns(ctx)
	cancel()
	if err != nil {
		return // no sample: a gap, not a zero
	}
	s.mu.Lock()
	s.server.Add(time.Now(), float64(n))
	s.mu.Unlock()
}

// bouncerSeries are the samples of a PgBouncer target's SHOW POOLS.
type bouncerSeries struct {
	clActive, clWaiting, svActive, svIdle, maxWaitMs metrics.Series
	// totals are its SHOW STATS running totals, in time order.
	totals []bouncerTotals
}

// bouncerTotals is one reading of a bouncer's SHOW STATS running totals.
type bouncerTotals struct {
	at                  time.Time
	xacts, queries      int64
	waitTime, queryTime time.Duration
}

// stats sums, over wins, the differences of the totals between the
// first and the last reading that bound each window: the reading at or
// before its start (else its first within it) and its last within it. A
// window without two such readings adds nothing; nil when none has.
func (b *bouncerSeries) stats(wins []window) (xacts, queries *int64, waitMs, queryMs *float64) {
	var d bouncerTotals
	some := false
	for _, w := range wins {
		i := sort.Search(len(b.totals), func(i int) bool { return b.totals[i].at.After(w.from) })
		if i > 0 {
			i-- // the reading at or before the start
		}
		j := sort.Search(len(b.totals), func(j int) bool { return b.totals[j].at.After(w.to) }) - 1
		if i >= len(b.totals) || j <= i {
			continue
		}
		lo, hi := b.totals[i], b.totals[j]
		if hi.xacts < lo.xacts || hi.queries < lo.queries {
			continue // the bouncer restarted: its totals began again
		}
		some = true
		d.xacts += hi.xacts - lo.xacts
		d.queries += hi.queries - lo.queries
		d.waitTime += hi.waitTime - lo.waitTime
		d.queryTime += hi.queryTime - lo.queryTime
	}
	if !some {
		return nil, nil, nil, nil
	}
	ms := func(d time.Duration) *float64 { v := float64(d) / float64(time.Millisecond); return &v }
	return &d.xacts, &d.queries, ms(d.waitTime), ms(d.queryTime)
}

// sampleBouncer samples the bouncer in front of the server when the
// current pool's target is one (drivers.BouncerPool); against anything
// else it records nothing (no data), and the driver decides that once.
func (s *sampler) sampleBouncer() {
	s.mu.Lock()
	h := s.cur
	s.mu.Unlock()
	if h == nil {
		return
	}
	bp, ok := h.pool.(drivers.BouncerPool)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), serverTimeout)
	b, ok, err := bp.Bouncer(ctx)
	cancel()
	if !ok || err != nil {
		return // no sample: a gap, not a zero
	}
	now := time.Now()
	s.mu.Lock()
	s.bnc.clActive.Add(now, float64(b.ClActive))
	s.bnc.clWaiting.Add(now, float64(b.ClWaiting))
	s.bnc.svActive.Add(now, float64(b.SvActive))
	s.bnc.svIdle.Add(now, float64(b.SvIdle))
	s.bnc.maxWaitMs.Add(now, float64(b.MaxWait)/float64(time.Millisecond))
	if b.Stats {
		s.bnc.totals = append(s.bnc.totals, bouncerTotals{at: now, xacts: b.Xacts, queries: b.Queries,
			waitTime: b.WaitTime, queryTime: b.QueryTime})
	}
	s.mu.Unlock()
}

// bouncer summarizes the bouncer samples taken within wins (no data when
// the target is not a bouncer), while sampling goes on or after it
// stopped.
func (s *sampler) bouncer(wins []window) results.Bouncer {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := results.Bouncer{
		ClActive:  gauge(between(&s.bnc.clActive, wins)),
		ClWaiting: gauge(between(&s.bnc.clWaiting, wins)),
		SvActive:  gauge(between(&s.bnc.svActive, wins)),
		SvIdle:    gauge(between(&s.bnc.svIdle, wins)),
		MaxWaitMs: gauge(between(&s.bnc.maxWaitMs, wins)),
	}
	b.Xacts, b.Queries, b.WaitMs, b.QueryMs = s.bnc.stats(wins)
	b.SetAverages()
	return b
}

// window is a part of the run, [from, to] inclusive.
type window struct{ from, to time.Time }

func (w window) dur() time.Duration {
	if w.to.Before(w.from) {
		return 0
	}
	return w.to.Sub(w.from)
}

// end is the exclusive end for metrics.Series.Between.
func (w window) end() time.Time { return w.to.Add(time.Nanosecond) }

// live summarizes the pool, the server's connections and the process
// over wins (in time order), while sampling goes on or after it stopped.
func (s *sampler) live(wins []window) (results.Pool, results.Gauge, results.Process) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pool(wins), s.serverConns(wins), s.process(wins)
}

// pool summarizes the pool over wins: the counters are the sum of each
// window's difference between the samples at its ends, the gauges the
// samples taken within the windows. Call it with s.mu held or after
// stopAndWait.
func (s *sampler) pool(wins []window) results.Pool {
	var d counters
	for _, w := range wins {
		d = d.plus(s.counterAt(w.to).minus(s.counterAt(w.from)))
	}
	p := results.Pool{
		TotalConns: gauge(between(&s.total, wins)),
		IdleConns:  gauge(between(&s.idle, wins)),
		InUseConns: gauge(between(&s.inUse, wins)),
		Nodes:      s.nodePools(wins),
	}
	// Only the counters the driver measures get a value; the others stay
	// nil (no data).
	for _, m := range s.measures {
		switch m {
		case "new_conns":
			p.NewConns = &d.newConns
		case "acquire_count":
			p.AcquireCount = &d.acquires
		case "empty_acquire_count":
			p.EmptyAcquireCount = &d.emptyAcquires
		case "canceled_acquire_count":
			p.CanceledAcquireCount = &d.canceledAcquires
		case "hits":
			p.Hits = &d.hits
		case "misses":
			p.Misses = &d.misses
		case "timeouts":
			p.Timeouts = &d.timeouts
		case "stale_conns":
			p.StaleConns = &d.stale
		case "moved":
			p.Moved = &d.moved
		case "ask":
			p.Ask = &d.ask
		case "reuse_ratio":
			if n := d.hits + d.misses; n > 0 {
				r := float64(d.hits) / float64(n)
				p.ReuseRatio = &r
			}
		}
	}
	return p
}

// between is the samples of s within wins.
func between(s *metrics.Series, wins []window) metrics.Series {
	if len(wins) == 1 {
		return s.Between(wins[0].from, wins[0].end())
	}
	var out metrics.Series
	for _, w := range wins {
		out.Append(s.Between(w.from, w.end()))
	}
	return out
}

func (s *sampler) serverConns(wins []window) results.Gauge {
	return gauge(between(&s.server, wins))
}

func (s *sampler) process(wins []window) results.Process {
	if len(wins) == 1 {
		return s.proc.Between(wins[0].from, wins[0].end()).Process()
	}
	var out metrics.ProcessSeries
	for _, w := range wins {
		out.Append(s.proc.Between(w.from, w.end()))
	}
	return out.Process()
}

// counterAt is the last counter sample at or before t; zero before any.
func (s *sampler) counterAt(t time.Time) counters {
	i := sort.Search(len(s.cnt), func(i int) bool { return s.cnt[i].at.After(t) })
	if i == 0 {
		return counters{}
	}
	return s.cnt[i-1].c
}

// plus is c + o.
func (c counters) plus(o counters) counters {
	return counters{
		newConns:         c.newConns + o.newConns,
		acquires:         c.acquires + o.acquires,
		emptyAcquires:    c.emptyAcquires + o.emptyAcquires,
		canceledAcquires: c.canceledAcquires + o.canceledAcquires,
		hits:             c.hits + o.hits,
		misses:           c.misses + o.misses,
		timeouts:         c.timeouts + o.timeouts,
		stale:            c.stale + o.stale,
		moved:            c.moved + o.moved,
		ask:              c.ask + o.ask,
	}
}

// minus is c - o. go-redis counts in uint32, so a counter that went down
// within that range wrapped around and is subtracted modulo 2^32.
func (c counters) minus(o counters) counters {
	return counters{
		newConns:         c.newConns - o.newConns,
		acquires:         c.acquires - o.acquires,
		emptyAcquires:    c.emptyAcquires - o.emptyAcquires,
		canceledAcquires: c.canceledAcquires - o.canceledAcquires,
		hits:             wrapDelta(c.hits, o.hits),
		misses:           wrapDelta(c.misses, o.misses),
		timeouts:         wrapDelta(c.timeouts, o.timeouts),
		stale:            wrapDelta(c.stale, o.stale),
		moved:            c.moved - o.moved,
		ask:              c.ask - o.ask,
	}
}

func wrapDelta(cur, prev int64) int64 {
	if cur >= prev {
		return cur - prev
	}
	if prev <= math.MaxUint32 && cur >= 0 {
		return int64(uint32(cur) - uint32(prev))
	}
	return 0
}

// gauge summarizes a series, with the sample variance filled in when the
// summary leaves it out.
func gauge(s metrics.Series) results.Gauge {
	g := s.Gauge()
	if g.Variance == 0 && g.Samples > 1 && g.Stddev > 0 {
		n := float64(g.Samples)
		g.Variance = g.Stddev * g.Stddev * n / (n - 1)
	}
	return g
}
