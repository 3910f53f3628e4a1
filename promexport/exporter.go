package promexport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// Buckets are the upper bounds, in seconds, of every histogram the
// exporter serves (latency, connection wait time, generator lateness):
// 100 µs to 60 s, roughly three per decade.
var Buckets = []float64{
	0.0001, 0.00025, 0.0005,
	0.001, 0.0025, 0.005,
	0.01, 0.025, 0.05,
	0.1, 0.25, 0.5,
	1, 2.5, 5,
	10, 30, 60,
}

// Label names.
var (
	loadLabels  = []string{"run_id", "scenario", "phase", "load"}
	scenLabels  = []string{"run_id", "scenario"}
	runLabels   = []string{"run_id"}
	withLabel   = func(base []string, l string) []string { return append(append([]string{}, base...), l) }
	bytesPerMiB = float64(1 << 20)
)

// Descriptions of every metric the exporter serves. Load-level metrics
// carry run_id, scenario, phase and load; pool and server metrics run_id
// and scenario; process metrics run_id.
var (
	descIterations = prometheus.NewDesc("stressql_iterations_total",
		"Iterations that completed (ok, failed) or were dropped (open models: no free worker at the scheduled time), counted in the interval in which they completed.",
		withLabel(loadLabels, "result"), nil)
	descErrors = prometheus.NewDesc("stressql_errors_total",
		"Failed iterations by error kind (the kinds of results.errors).",
		withLabel(loadLabels, "kind"), nil)
	descRetries = prometheus.NewDesc("stressql_retries_total",
		"Retries made by the load's retry policy.", loadLabels, nil)
	descFallbacks = prometheus.NewDesc("stressql_fallbacks_total",
		"Fallbacks taken by the load's fallback policy.", loadLabels, nil)
	descLatency = prometheus.NewDesc("stressql_iteration_latency_seconds",
		"Iteration latency, measured from the iteration's scheduled start.", loadLabels, nil)
	descLateness = prometheus.NewDesc("stressql_generator_lateness_seconds",
		"How late the open-model scheduler handed iterations to workers (the generator's own error, already part of the latency).",
		loadLabels, nil)
	descWaitTime = prometheus.NewDesc("db_client_connection_wait_time_seconds",
		"The time it took to obtain a connection from the pool (OpenTelemetry db.client.connection.wait_time).",
		loadLabels, nil)

	descConnCount = prometheus.NewDesc("db_client_connections_usage",
		"Connections of the client pool in each state, at the end of the last interval (OpenTelemetry db.client.connections.usage, now db.client.connection.count: see docs/results.md).",
		withLabel(scenLabels, "state"), nil)
	descTimeouts = prometheus.NewDesc("db_client_connection_timeouts_total",
		"Times the pool timed out handing out a connection (OpenTelemetry db.client.connection.timeouts; go-redis pools).",
		scenLabels, nil)
	descServerConns = prometheus.NewDesc("stressql_server_connections",
		"The server's connections of this scenario, at the end of the last interval.", scenLabels, nil)

	descRSS = prometheus.NewDesc("stressql_process_resident_memory_bytes",
		"The stressql process's resident set size: the highest sample of the last interval.", runLabels, nil)
	descHeap = prometheus.NewDesc("stressql_process_heap_bytes",
		"The stressql process's Go heap (live and not yet swept objects): the highest sample of the last interval.", runLabels, nil)
	descGoroutines = prometheus.NewDesc("stressql_process_goroutines",
		"The stressql process's goroutines: the highest sample of the last interval.", runLabels, nil)
	descFDs = prometheus.NewDesc("stressql_process_open_fds",
		"The stressql process's open file descriptors: the highest sample of the last interval.", runLabels, nil)
)

// poolCounters are the pool counters of results.Pool a driver may measure
// (nil: not measured), exported per scenario.
var poolCounters = []struct {
	desc *prometheus.Desc
	get  func(p *results.Pool) *int64
}{
	{descTimeouts, func(p *results.Pool) *int64 { return p.Timeouts }},
	{prometheus.NewDesc("stressql_pool_new_connections_total",
		"Connections the pool opened (pool.new_conns).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.NewConns }},
	{prometheus.NewDesc("stressql_pool_acquires_total",
		"Connections acquired from the pool (pool.acquire_count).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.AcquireCount }},
	{prometheus.NewDesc("stressql_pool_empty_acquires_total",
		"Acquires that found no idle connection and had to wait or open one (pool.empty_acquire_count).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.EmptyAcquireCount }},
	{prometheus.NewDesc("stressql_pool_canceled_acquires_total",
		"Acquires canceled before a connection was available (pool.canceled_acquire_count).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.CanceledAcquireCount }},
	{prometheus.NewDesc("stressql_pool_hits_total",
		"Times a free connection was found in the pool (pool.hits).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.Hits }},
	{prometheus.NewDesc("stressql_pool_misses_total",
		"Times no free connection was found in the pool (pool.misses).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.Misses }},
	{prometheus.NewDesc("stressql_pool_stale_connections_total",
		"Stale connections the pool removed (pool.stale_conns).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.StaleConns }},
	{prometheus.NewDesc("stressql_pool_moved_total",
		"MOVED redirections a Redis Cluster's nodes sent, which the client followed (pool.moved).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.Moved }},
	{prometheus.NewDesc("stressql_pool_ask_total",
		"ASK redirections a Redis Cluster's nodes sent, which the client followed (pool.ask).", scenLabels, nil),
		func(p *results.Pool) *int64 { return p.Ask }},
}

// processGauges are the process metrics, exported per run.
var processGauges = []struct {
	desc  *prometheus.Desc
	get   func(p *results.Process) results.Growth
	scale float64
}{
	{descRSS, func(p *results.Process) results.Growth { return p.RSSMB }, bytesPerMiB},
	{descHeap, func(p *results.Process) results.Growth { return p.HeapMB }, bytesPerMiB},
	{descGoroutines, func(p *results.Process) results.Growth { return p.Goroutines }, 1},
	{descFDs, func(p *results.Process) results.Growth { return p.FDs }, 1},
}

// Exporter is a series.Sink that accumulates the events of a run and
// serves them as Prometheus metrics. Interval and scrapes take one mutex
// for as long as it takes to add an interval's numbers or to copy the
// accumulated state; nothing is computed or written to a scraper while it
// is held.
type Exporter struct {
	runID string
	reg   *prometheus.Registry

	mu     sync.Mutex
	loads  map[loadKey]*loadState
	scens  map[string]*scenState
	proc   [4]gauge // processGauges, in order
	srv    *http.Server
	served chan struct{}
}

type loadKey struct{ scenario, phase, load string }

type loadState struct {
	ok, failed, dropped float64
	retries, fallbacks  float64
	errors              map[string]float64
	latency, wait, late *hist
}

type scenState struct {
	idle, used, server gauge
	counters           []*float64 // poolCounters, in order; nil until measured
}

type gauge struct {
	ok bool
	v  float64
}

// hist is a cumulative Prometheus histogram: counts[i] values ≤ Buckets[i].
type hist struct {
	count  uint64
	sum    float64 // seconds
	counts []uint64
}

// New returns an exporter for the run runID (the label run_id of every
// metric).
func New(runID string) *Exporter {
	e := &Exporter{
		runID: runID,
		reg:   prometheus.NewRegistry(),
		loads: map[loadKey]*loadState{},
		scens: map[string]*scenState{},
	}
	e.reg.MustRegister(collector{e})
	return e
}

// Handler serves the metrics in Prometheus text format (what Serve mounts
// at /metrics).
func (e *Exporter) Handler() http.Handler {
	return promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.HTTPErrorOnError})
}

// Serve listens on addr (HOST:PORT; port 0 picks a free one) and serves
// /metrics there until Shutdown. It returns the address it listens on.
func (e *Exporter) Serve(addr string) (net.Addr, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.srv != nil {
		return nil, errors.New("promexport: already serving")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", e.Handler())
	e.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	e.served = make(chan struct{})
	srv, done := e.srv, e.served
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	return ln.Addr(), nil
}

// Shutdown stops serving: it closes the listener, waits for scrapes in
// progress to finish until ctx is done, and returns ctx's error if it was.
func (e *Exporter) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	srv, done := e.srv, e.served
	e.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if err == nil {
		<-done
	}
	return err
}

// Interval implements series.Sink: load events add to the iteration,
// error and histogram metrics of their load; scenario events set the pool,
// server and process metrics; phase events add nothing (a phase is the
// sum of its loads: sum by (phase)).
func (e *Exporter) Interval(ev *series.Event) {
	if ev == nil || ev.Record == nil {
		return
	}
	r := &ev.Record.Result
	switch ev.Level {
	case series.LevelLoad:
		// The histograms are read before taking the lock.
		lat := fromHDR(ev.Latency, r.Latency.Count)
		wait := fromHDR(ev.Acquire, r.Acquire.Count)
		late := fromHDR(ev.Lateness, r.Lateness.Count)
		k := loadKey{ev.Scenario, ev.Phase, ev.Load}
		e.mu.Lock()
		s := e.loads[k]
		if s == nil {
			s = &loadState{errors: map[string]float64{}}
			e.loads[k] = s
		}
		s.ok += float64(r.Ops.OK)
		s.failed += float64(r.Ops.Failed)
		s.dropped += float64(r.Ops.Dropped)
		s.retries += float64(r.Retries)
		s.fallbacks += float64(r.Fallbacks)
		for kind, n := range r.Errors {
			s.errors[kind] += float64(n)
		}
		s.latency = s.latency.add(lat)
		s.wait = s.wait.add(wait)
		s.late = s.late.add(late)
		e.mu.Unlock()
	case series.LevelScenario:
		e.mu.Lock()
		s := e.scens[ev.Scenario]
		if s == nil {
			s = &scenState{counters: make([]*float64, len(poolCounters))}
			e.scens[ev.Scenario] = s
		}
		s.idle = last(r.Pool.IdleConns)
		s.used = last(r.Pool.InUseConns)
		s.server = last(r.Server.Conns)
		for i, c := range poolCounters {
			if v := c.get(&r.Pool); v != nil {
				if s.counters[i] == nil {
					s.counters[i] = new(float64)
				}
				*s.counters[i] += float64(*v)
			}
		}
		for i, g := range processGauges {
			v := g.get(&r.Process)
			e.proc[i] = gauge{ok: v.Samples > 0, v: v.Max * g.scale}
		}
		e.mu.Unlock()
	}
}

func last(g results.Gauge) gauge { return gauge{ok: g.Samples > 0, v: g.Last} }

// fromHDR turns one interval's HDR histogram (µs) into Prometheus buckets
// at Buckets: a recorded value counts at the first bound its HDR
// equivalence range starts at or below (HDR's precision). The sum is
// mean × count. nil when the interval has no data (count 0).
func fromHDR(h *hdrhistogram.Histogram, count int64) *hist {
	if h == nil || count == 0 || h.TotalCount() == 0 {
		return nil
	}
	out := &hist{counts: make([]uint64, len(Buckets))}
	for _, b := range h.Distribution() {
		if b.Count == 0 {
			continue
		}
		out.count += uint64(b.Count)
		from := float64(b.From) / 1e6
		i := sort.SearchFloat64s(Buckets, from) // first bound >= from
		if i < len(Buckets) {
			out.counts[i] += uint64(b.Count)
		}
	}
	for i := 1; i < len(out.counts); i++ { // cumulative
		out.counts[i] += out.counts[i-1]
	}
	out.sum = h.Mean() * float64(h.TotalCount()) / 1e6
	return out
}

// add adds d to h (either may be nil) and returns the result.
func (h *hist) add(d *hist) *hist {
	if d == nil {
		return h
	}
	if h == nil {
		return d
	}
	h.count += d.count
	h.sum += d.sum
	for i := range h.counts {
		h.counts[i] += d.counts[i]
	}
	return h
}

func (h *hist) metric(desc *prometheus.Desc, labels []string) prometheus.Metric {
	buckets := make(map[float64]uint64, len(Buckets))
	for i, b := range Buckets {
		buckets[b] = h.counts[i]
	}
	return prometheus.MustNewConstHistogram(desc, h.count, h.sum, buckets, labels...)
}

// collector is the exporter's prometheus.Collector (a separate type so
// that Describe and Collect are not part of the Exporter's API).
type collector struct{ e *Exporter }

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descIterations, descErrors, descRetries, descFallbacks,
		descLatency, descLateness, descWaitTime, descConnCount, descServerConns} {
		ch <- d
	}
	for _, p := range poolCounters {
		ch <- p.desc
	}
	for _, p := range processGauges {
		ch <- p.desc
	}
}

// Collect copies the state into const metrics under the lock and sends
// them after releasing it, so a slow scraper never holds the engine up.
func (c collector) Collect(ch chan<- prometheus.Metric) {
	e := c.e
	var ms []prometheus.Metric
	counter := func(d *prometheus.Desc, v float64, l ...string) {
		ms = append(ms, prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, l...))
	}
	gaugeM := func(d *prometheus.Desc, g gauge, l ...string) {
		if g.ok {
			ms = append(ms, prometheus.MustNewConstMetric(d, prometheus.GaugeValue, g.v, l...))
		}
	}
	e.mu.Lock()
	for k, s := range e.loads {
		l := []string{e.runID, k.scenario, k.phase, k.load}
		counter(descIterations, s.ok, append(l, "ok")...)
		counter(descIterations, s.failed, append(l, "failed")...)
		counter(descIterations, s.dropped, append(l, "dropped")...)
		for kind, n := range s.errors {
			counter(descErrors, n, append(l, kind)...)
		}
		counter(descRetries, s.retries, l...)
		counter(descFallbacks, s.fallbacks, l...)
		if s.latency != nil {
			ms = append(ms, s.latency.metric(descLatency, l))
		}
		if s.wait != nil {
			ms = append(ms, s.wait.metric(descWaitTime, l))
		}
		if s.late != nil {
			ms = append(ms, s.late.metric(descLateness, l))
		}
	}
	for name, s := range e.scens {
		gaugeM(descConnCount, s.idle, e.runID, name, "idle")
		gaugeM(descConnCount, s.used, e.runID, name, "used")
		gaugeM(descServerConns, s.server, e.runID, name)
		for i, v := range s.counters {
			if v != nil {
				counter(poolCounters[i].desc, *v, e.runID, name)
			}
		}
	}
	for i, g := range e.proc {
		gaugeM(processGauges[i].desc, g, e.runID)
	}
	e.mu.Unlock()
	for _, m := range ms {
		ch <- m
	}
}
