# control-of: baseline_postgres  must-fail: pool exhaustion wait under 1000 ms
# broken: a pool of 2: the extreme load waits 20 holds (a copy of baseline.hcl's baseline_postgres).

scenario "baseline_postgres__control" {
  driver      = "postgres"
  description = "The seed's PostgreSQL baselines: acquisition P95 < 10 ms, release P95 < 5 ms, query P95 < 50 ms, throughput > 100 ops/s, exhaustion wait < 1000 ms, error rate under extreme load < 5%."
  tags        = ["baseline", "performance"]

  pool {
    min_conns       = 1
    max_conns       = 2
    acquire_timeout = "5s"
  }

  # Normal use, one caller each (a closed model, so that the open-model
  # scheduler's lateness on a loaded 2-core machine is not in the
  # latency): 1000 queries of SELECT 1 and 1000 bare acquire-and-release
  # cycles, whose latency is acquire + release.
  phase "normal" {
    load "queries" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "query" {
        sql = "SELECT 1"
      }
    }
    load "cycles" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "acquire" {}
    }
  }

  # Extreme load: twice the pool's connections, each holding one 100 ms.
  phase "extreme" {
    load "holders" {
      pattern  = "constant_workers"
      workers  = 2 * local.baseline_pg_max_conns
      duration = "2s"
      step "hold" {
        duration = "100ms"
      }
    }
  }

  check "connection acquisition p95 under 10 ms" {
    condition     = phase.normal.acquire.p95 < 10
    error_message = "acquisition p95 was ${phase.normal.acquire.p95} ms"
  }
  check "connection release p95 under 5 ms" {
    # release is not timed on its own; an acquire-and-release cycle is
    # both, so this bound is stricter than the row.
    condition     = phase.normal.load.cycles.latency.p95 < 5
    error_message = "acquire-and-release p95 was ${phase.normal.load.cycles.latency.p95} ms"
  }
  check "query execution p95 under 50 ms" {
    condition     = phase.normal.load.queries.latency.p95 < 50
    error_message = "query p95 was ${phase.normal.load.queries.latency.p95} ms"
  }
  check "throughput above 100 ops/s" {
    condition     = phase.normal.load.queries.throughput > 100
    error_message = "one caller ran ${phase.normal.load.queries.throughput} queries/s"
  }
  check "pool exhaustion wait under 1000 ms" {
    condition     = phase.extreme.acquire.max < 1000 && phase.extreme.acquire.mean >= 25
    error_message = "under exhaustion the longest wait was ${phase.extreme.acquire.max} ms (mean ${phase.extreme.acquire.mean} ms)"
  }
  check "error rate under extreme load below 5%" {
    condition     = phase.extreme.error_rate < 0.05
    error_message = "error rate under extreme load was ${phase.extreme.error_rate}"
  }
}
