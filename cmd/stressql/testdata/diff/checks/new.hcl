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
    condition = latency.p95 < 80
  }
  check "inclusive" {
    condition = latency.p99 <= 200
  }
  check "clause dropped" {
    condition = ops.ok > 100 && latency.p50 < 10
  }
  check "clause added" {
    condition = ops.failed == 0 && latency.p99 < 100
  }
  check "equality relaxed" {
    condition = pool.total_conns.max >= 8 && pool.total_conns.max <= 10
  }
  check "unorderable" {
    condition = latency.max < 500 || error_rate == 0
  }
  check "both ways" {
    condition = latency.p50 < 20 && throughput > 200
  }
  check "windowed" {
    condition = latency.p95 < 100
    window    = "2s"
    abort     = true
  }
  check "new one" {
    condition = throughput > 10
  }
}
