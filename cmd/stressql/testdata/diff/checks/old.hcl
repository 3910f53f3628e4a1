scenario "checks" {
  driver = "postgres"
  pool {
    max_conns = 10
  }
  load "reads" {
    pattern  = "constant_workers"
    workers  = 4
    duration = "4s"
    step "query" {
      sql = "SELECT 1"
    }
  }
  check "tightened bound" {
    condition = latency.p95 < 100
  }
  check "inclusive" {
    condition = latency.p99 < 200
  }
  check "clause dropped" {
    condition = latency.p50 < 10 && error_rate < 0.01 && ops.ok > 100
  }
  check "clause added" {
    condition = ops.failed == 0
  }
  check "equality relaxed" {
    condition = pool.total_conns.max == 10
  }
  check "unorderable" {
    condition = latency.max < 500
  }
  check "both ways" {
    condition = latency.p50 < 10 && throughput > 100
  }
  check "windowed" {
    condition = latency.p95 < 100
    window    = "1s"
  }
  check "gone" {
    condition = ops.dropped == 0
  }
}
