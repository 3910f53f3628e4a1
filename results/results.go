package results

import "math"

// Result is the results object of a scenario, a phase or a load. Durations
// are in milliseconds, rates per second.
type Result struct {
	Ops        Ops              `json:"ops"`
	ErrorRate  float64          `json:"error_rate"` // failed / (ok+failed); 0 with no iterations
	Throughput float64          `json:"throughput"` // ok / duration
	Duration   float64          `json:"duration"`   // ms, wall time of this part
	Errors     map[string]int64 `json:"errors"`     // every kind of ErrorKinds is present
	// ErrorExamples holds, for each kind of Errors that is not 0, the
	// first failure of that kind in this part of the run: its message
	// (passwords removed, at most MaxExampleBytes) and when it happened.
	// Kinds without failures are absent (to checks: no data).
	ErrorExamples map[string]ErrorExample `json:"error_examples,omitempty"`
	Latency       Summary                 `json:"latency"` // per iteration, from the scheduled start
	Acquire       Summary                 `json:"acquire"` // time waiting for a connection
	// Lateness is how late the open-model scheduler handed iterations to
	// workers (the generator's own error, already part of latency); no
	// data (count 0) where no open-model load ran.
	Lateness Summary `json:"lateness"`
	// StartMs is when this part's window began, from the scenario's start
	// (0 for the scenario itself unless its first phase started late).
	StartMs float64 `json:"start_ms"`
	Pool    Pool    `json:"pool"`
	Server  Server  `json:"server"`
	// Bouncer is the PgBouncer in front of the server, when there is one.
	Bouncer   Bouncer `json:"bouncer"`
	Process   Process `json:"process"`
	Retries   int64   `json:"retries"`
	Fallbacks int64   `json:"fallbacks"`
	Breaker   Breaker `json:"breaker"`
	// RecoveryMs is the time from the end of the last outage, terminate or
	// pause fault to the first iteration that succeeded after it; nil when
	// there was no such fault or nothing succeeded after it (no data).
	RecoveryMs *float64 `json:"recovery_ms"`
	// Faults is how the faults scheduled in this part kept to their plan
	// (none on a load: count 0).
	Faults FaultTiming `json:"faults"`
	// Resize is the pool resize under traffic of this part (a phase's
	// resize block; on the scenario, its first one); Count 0 and every
	// other field no data where there was none.
	Resize Resize `json:"resize"`

	// Only on a scenario: per load and per phase (named ones).
	Loads  map[string]*Result `json:"load,omitempty"`
	Phases map[string]*Result `json:"phase,omitempty"`
	// Histograms holds HDR histograms in their compressed base64 encoding
	// (hdrhistogram-go Encode), values in microseconds: "latency" and
	// "acquire" on a scenario; "lateness" (how late the open-model
	// scheduler handed iterations to workers: the generator's own error) on
	// a scenario and on each open-model load. They can be decoded and
	// merged across runs.
	Histograms map[string]string `json:"histograms,omitempty"`
	// Series is this part over time: one record per interval (--interval),
	// in time order. Not part of what checks read (windowed checks read
	// each record instead), and absent from the records themselves.
	Series []Interval `json:"series,omitempty"`
}

// Interval is one record of a series: the results object of one interval
// of a scenario, phase or load, with the same field names. An iteration
// counts in the interval in which it completed, so the records' counts add
// up to the part's. Duration is the interval's length (shorter at a part's
// edges); TMs its start from the scenario's start.
type Interval struct {
	TMs float64 `json:"t_ms"`
	Result
}

// ErrorExample is the first failure of one error kind.
type ErrorExample struct {
	Message string  `json:"message"` // the error as the driver reported it, redacted and bounded
	AtMs    float64 `json:"at_ms"`   // when it failed, from the scenario's start
}

// MaxExampleBytes bounds ErrorExample.Message; a longer message is cut at a
// character boundary and ends in "…".
const MaxExampleBytes = 500

// Ops counts iterations.
type Ops struct {
	Total   int64 `json:"total"` // ok + failed + dropped
	OK      int64 `json:"ok"`
	Failed  int64 `json:"failed"`
	Dropped int64 `json:"dropped"` // open models: no free worker at the scheduled time
}

// Summary is a latency distribution in ms. Count 0 means no data: every
// other field is then unknown to checks.
type Summary struct {
	Count  int64   `json:"count"`
	Min    float64 `json:"min"`
	Mean   float64 `json:"mean"`
	P50    float64 `json:"p50"`
	P90    float64 `json:"p90"`
	P95    float64 `json:"p95"`
	P99    float64 `json:"p99"`
	P999   float64 `json:"p999"`
	Max    float64 `json:"max"`
	Stddev float64 `json:"stddev"`
}

// Gauge summarizes a sampled value. Samples 0 means no data.
type Gauge struct {
	Samples int     `json:"samples"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Mean    float64 `json:"mean"`
	Last    float64 `json:"last"`
	Stddev  float64 `json:"stddev"`
	// Variance is the sample variance (the seed's "connection variance").
	Variance float64 `json:"variance"`
}

// PoolGauges is the gauge of a's samples and b's taken together: min of
// the mins, max of the maxes, the mean and sample variance of all the
// samples (pooled: within and between the two), b's last. For two
// consecutive runs of samples (a window's intervals) b is the later; for
// one quantity sampled alongside by several processes (shards watching
// one bouncer) the caller picks the last it wants.
func PoolGauges(a, b Gauge) Gauge {
	switch {
	case b.Samples == 0:
		return a
	case a.Samples == 0:
		return b
	}
	na, nb := float64(a.Samples), float64(b.Samples)
	n := na + nb
	mean := (na*a.Mean + nb*b.Mean) / n
	// Sum of squared deviations from the pooled mean.
	ss := (na-1)*a.Variance + na*(a.Mean-mean)*(a.Mean-mean) +
		(nb-1)*b.Variance + nb*(b.Mean-mean)*(b.Mean-mean)
	g := Gauge{
		Samples: a.Samples + b.Samples,
		Min:     math.Min(a.Min, b.Min),
		Max:     math.Max(a.Max, b.Max),
		Mean:    mean,
		Last:    b.Last,
	}
	g.Variance = ss / (n - 1)
	g.Stddev = math.Sqrt(g.Variance)
	return g
}

// Growth summarizes a process metric: Growth = last - first sample.
type Growth struct {
	Samples int     `json:"samples"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Growth  float64 `json:"growth"`
}

// Pool is the client pool as sampled during the run. Counters are deltas
// over the part of the run the result covers. The gauges and warm-up and
// close times exist for every driver; each counter is measured only by the
// drivers whose descriptor lists it in PoolMetrics (pgxpool: new_conns and
// the acquire counts; go-redis: hits, misses, timeouts, stale_conns and
// reuse_ratio). A counter the driver does not measure is nil: no data to
// checks, null in JSON.
type Pool struct {
	TotalConns Gauge `json:"total_conns"`
	IdleConns  Gauge `json:"idle_conns"`
	InUseConns Gauge `json:"in_use_conns"`

	NewConns             *int64 `json:"new_conns"`
	AcquireCount         *int64 `json:"acquire_count"`
	EmptyAcquireCount    *int64 `json:"empty_acquire_count"`
	CanceledAcquireCount *int64 `json:"canceled_acquire_count"`

	Hits       *int64 `json:"hits"`
	Misses     *int64 `json:"misses"`
	Timeouts   *int64 `json:"timeouts"`
	StaleConns *int64 `json:"stale_conns"`
	// Moved and Ask count the Redis Cluster redirections the nodes replied
	// (MOVED, ASK), which the cluster client followed: 0 against a single
	// server or Sentinel target (go-redis), nil for postgres.
	Moved *int64 `json:"moved"`
	Ask   *int64 `json:"ask"`
	// Nodes is the pool per node of a Redis Cluster target (pool
	// attributes apply per node; the members above are the sum), in
	// address order; empty for other targets. Not read by checks.
	Nodes []NodePool `json:"nodes"`
	// ReuseRatio is hits / (hits+misses); nil when the driver does not
	// count hits or when both are 0 (no data).
	ReuseRatio *float64 `json:"reuse_ratio"`
	// CloseMs is how long closing the pool took (close_pool fault, or the
	// close at the end of the scenario / a pool swap); nil = no data.
	CloseMs *float64 `json:"close_ms"`
	// WarmupMs is how long opening the pool took with its minimum
	// connections ready (min_conns for postgres, min_idle_conns for
	// redis); nil = no data: the pool is disabled (enabled = false) or its
	// minimum is 0, so there is nothing to warm.
	WarmupMs *float64 `json:"warmup_ms"`
}

// NodePool is one node's pool (Pool.Nodes): its gauges and counters
// over the same part of the run.
type NodePool struct {
	Addr       string `json:"addr"`
	TotalConns Gauge  `json:"total_conns"`
	IdleConns  Gauge  `json:"idle_conns"`
	InUseConns Gauge  `json:"in_use_conns"`
	Hits       int64  `json:"hits"`
	Misses     int64  `json:"misses"`
	Timeouts   int64  `json:"timeouts"`
	StaleConns int64  `json:"stale_conns"`
}

// Server is what the server reports about this scenario's connections.
type Server struct {
	Conns Gauge `json:"conns"`
}

// Process is the stressql process itself while the part ran.
type Process struct {
	RSSMB      Growth `json:"rss_mb"`
	HeapMB     Growth `json:"heap_mb"`
	Goroutines Growth `json:"goroutines"`
	FDs        Growth `json:"fds"`
}

// Breaker counts circuit breaker state changes and rejections.
type Breaker struct {
	Opened     int64 `json:"opened"`
	HalfOpened int64 `json:"half_opened"`
	Closed     int64 `json:"closed"`
	Rejected   int64 `json:"rejected"`
}

// FaultTiming is how the scheduled faults (every kind but dns) of a
// scenario or phase kept to their plan. Offsets are from the scenario's
// start. With Count 0 (no fault), LateMs and Kinds are no data.
type FaultTiming struct {
	Count int64 `json:"count"` // faults scheduled
	// Late counts the faults that started or ended more than ToleranceMs
	// after their plan, or never started although their phase ended more
	// than ToleranceMs after their planned start.
	Late int64 `json:"late"`
	// LateMs is the largest lateness of any fault, start or end; nil
	// (no data) without faults.
	LateMs      *float64 `json:"late_ms"`
	ToleranceMs float64  `json:"tolerance_ms"`
	// Kinds holds, per fault kind, the first fault of that kind in this
	// part (in the order of the phases and of the faults in each); checks
	// read it as faults.KIND (faults.outage.start_ms). Kinds without a
	// fault are absent (to checks: no data).
	Kinds map[string]FaultTime `json:"-"`
}

// FaultTime is one fault as planned and as it happened, from the
// scenario's start.
type FaultTime struct {
	Phase          string  `json:"phase"`
	PlannedStartMs float64 `json:"planned_start_ms"`
	// StartMs is when it took effect (the proxy or server action had
	// returned); nil when its action failed.
	StartMs *float64 `json:"start_ms"`
	// PlannedEndMs is after + duration; nil for instant kinds (terminate,
	// close_pool) and for a fault on until its phase ends.
	PlannedEndMs *float64 `json:"planned_end_ms"`
	// EndMs is when it was cleared; nil for instant kinds and when its
	// action failed.
	EndMs *float64 `json:"end_ms"`
	// LateMs is how much later than planned it started or ended, the
	// larger of the two, 0 when on time.
	LateMs float64 `json:"late_ms"`
}

// Bouncer is what a connection pooler in front of the server (PgBouncer:
// SHOW POOLS for the scenario's database and user) reports while the part
// ran; every gauge is no data when the target is not a bouncer.
type Bouncer struct {
	ClActive  Gauge `json:"cl_active"`  // client connections paired with a server connection or idle
	ClWaiting Gauge `json:"cl_waiting"` // client connections queued for a server connection
	SvActive  Gauge `json:"sv_active"`  // server connections paired with a client
	SvIdle    Gauge `json:"sv_idle"`    // server connections unused and ready
	MaxWaitMs Gauge `json:"maxwait_ms"` // how long the oldest queued client had waited, ms

	// From SHOW STATS for the scenario's database (all the bouncer's
	// clients of it, not only this scenario's): the growth of the
	// bouncer's running totals over the part, between the samples that
	// bound it. Null (no data) when the target is not a bouncer or no two
	// samples bound the part.
	Xacts   *int64   `json:"xacts"`    // transactions pooled (total_xact_count)
	Queries *int64   `json:"queries"`  // queries pooled (total_query_count)
	WaitMs  *float64 `json:"wait_ms"`  // time clients spent waiting for a server connection, summed (total_wait_time), ms
	QueryMs *float64 `json:"query_ms"` // time queries spent on server connections, summed (total_query_time), ms
	// AvgWaitMs is wait_ms per transaction: high when clients queue at
	// the bouncer. Null without transactions.
	AvgWaitMs *float64 `json:"avg_wait_ms"`
	// AvgQueryMs is query_ms per query. PgBouncer times a query from
	// when the client sent it, so it includes the wait for a server
	// connection: with one query per transaction, the time on the server
	// is AvgQueryMs - AvgWaitMs. Null without queries.
	AvgQueryMs *float64 `json:"avg_query_ms"`
}

// SetAverages sets AvgWaitMs and AvgQueryMs from the totals.
func (b *Bouncer) SetAverages() {
	b.AvgWaitMs, b.AvgQueryMs = nil, nil
	if b.Xacts != nil && *b.Xacts > 0 && b.WaitMs != nil {
		v := *b.WaitMs / float64(*b.Xacts)
		b.AvgWaitMs = &v
	}
	if b.Queries != nil && *b.Queries > 0 && b.QueryMs != nil {
		v := *b.QueryMs / float64(*b.Queries)
		b.AvgQueryMs = &v
	}
}

// Resize is a pool resize under traffic: a new pool opened and warmed while
// the loads ran, new iterations moved to it at the swap, the iterations in
// flight on the old pool drained there, then the old pool closed. Offsets
// are from the scenario's start, durations in ms. Every pointer is nil (no
// data) when the resize did not happen (Count 0), and the drain and close
// fields also when the new pool could not be opened.
type Resize struct {
	Count     int64    `json:"count"`      // resizes that started (0 or 1 on a phase)
	PlannedMs *float64 `json:"planned_ms"` // the phase's start + after
	StartMs   *float64 `json:"start_ms"`   // opening the new pool began
	OpenMs    *float64 `json:"open_ms"`    // opening it with its minimum connections ready
	SwapMs    *float64 `json:"swap_ms"`    // from then on new iterations went to the new pool
	// InFlight counts the iterations running on the old pool at the swap
	// (all of them finished there); InFlightFailed those of them that
	// failed.
	InFlight       *int64 `json:"in_flight"`
	InFlightFailed *int64 `json:"in_flight_failed"`
	// DrainMs is from the swap until the last of them finished; CloseMs
	// how long closing the old pool took, started when they were done or
	// at drain_timeout; DurationMs from StartMs until the old pool was
	// closed: the whole transition.
	DrainMs    *float64 `json:"drain_ms"`
	CloseMs    *float64 `json:"close_ms"`
	DurationMs *float64 `json:"duration_ms"`
	// OldConns is the old pool's total_conns after its close: 0 when no
	// connection was left behind.
	OldConns *int64 `json:"old_conns"`
}
