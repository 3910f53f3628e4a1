# control-of: graceful_degradation_when_pool_full  must-fail: latency increases predictably; throughput holds under overload
# broken: overload queries take 10x longer (a copy of postgres.hcl's graceful_degradation_when_pool_full).

scenario "graceful_degradation_when_pool_full__control" {
  driver      = "postgres"
  description = "Normal (half the pool), heavy (the whole pool) and overload (2x the pool) phases: nothing fails, throughput does not collapse under overload, and latency grows with the queue (about 2x at 2x load), not without bound."
  tags        = ["exhaustion"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  phase "normal" {
    load "queries" {
      pattern  = "constant_workers"
      workers  = var.pg_max_conns / 2
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  phase "heavy" {
    load "queries" {
      pattern  = "constant_workers"
      workers  = var.pg_max_conns
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  phase "overload" {
    load "queries" {
      pattern  = "constant_workers"
      workers  = 2 * var.pg_max_conns
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.5)"
      }
    }
  }

  check "no catastrophic failures" {
    condition     = error_rate == 0
    error_message = "${ops.failed} queries failed (error rate ${error_rate})"
  }
  check "latency increases under overload" {
    # At 2x the pool every query waits about one query: p50 about 2x.
    condition     = phase.overload.acquire.mean > phase.heavy.acquire.mean && phase.overload.latency.p50 >= 1.5 * phase.normal.latency.p50
    error_message = "mean wait for a connection: heavy ${phase.heavy.acquire.mean} ms, overload ${phase.overload.acquire.mean} ms; p50 normal ${phase.normal.latency.p50} ms, overload ${phase.overload.latency.p50} ms: overload should queue"
  }
  check "latency increases predictably" {
    condition     = phase.overload.latency.p95 < 4 * phase.normal.latency.p95
    error_message = "overload p95 ${phase.overload.latency.p95} ms is more than 4x normal p95 ${phase.normal.latency.p95} ms at 4x the load on a 2x pool"
  }
  check "throughput holds under overload" {
    condition     = phase.overload.throughput >= 0.8 * phase.heavy.throughput
    error_message = "overload throughput ${phase.overload.throughput}/s fell below 80% of heavy ${phase.heavy.throughput}/s"
  }
}
