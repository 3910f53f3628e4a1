# control-of: connection_spike_pattern  must-fail: the spike was served
# broken: a pool of 2 connections: the spike cannot be served (a copy of edge.hcl's connection_spike_pattern).

scenario "connection_spike_pattern__control" {
  driver      = "postgres"
  description = "Traffic goes 20 -> 200 -> 20 requests/s: fewer than 10% of requests fail, during the spike or overall, and after it latency returns to the baseline."
  tags        = ["edge", "exhaustion"]

  pool {
    min_conns       = 2
    max_conns       = 2
    acquire_timeout = "1s"
  }

  phase "baseline" {
    load "traffic" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  phase "spike" {
    load "traffic" {
      pattern  = "constant_rate"
      rate     = 200
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  phase "recovery" {
    load "traffic" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  check "error rate under 10%" {
    condition     = error_rate < 0.1 && phase.spike.error_rate < 0.1
    error_message = "error rate ${error_rate} overall, ${phase.spike.error_rate} during the spike"
  }
  check "the spike was served" {
    # 200/s for 2s: at least 90% of its 400 requests.
    condition     = phase.spike.throughput > 5 * phase.baseline.throughput && phase.spike.ops.ok >= 360
    error_message = "spike throughput ${phase.spike.throughput}/s vs baseline ${phase.baseline.throughput}/s"
  }
  check "the pool recovers after the spike" {
    condition     = phase.recovery.error_rate == 0 && phase.recovery.latency.p95 < phase.baseline.latency.p95 + 50
    error_message = "after the spike: error rate ${phase.recovery.error_rate}, p95 ${phase.recovery.latency.p95} ms vs baseline ${phase.baseline.latency.p95} ms"
  }
}
