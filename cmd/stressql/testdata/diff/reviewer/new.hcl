scenario "api" {
  driver = "postgres"
  pool {
    max_conns = 20
  }
  load "reads" {
    pattern  = "constant_rate"
    rate     = 150
    duration = "2s"
    step "query" {
      sql = "SELECT 1"
    }
  }
  check "p95 under 50 ms" {
    condition = latency.p95 < 100
  }
  check "throughput" {
    condition = throughput > 60
  }
  check "no errors" {
    condition = error_rate == 0
  }
}

scenario "cache" {
  driver = "redis"
  pool {
    pool_size = 5
  }
  load "gets" {
    pattern    = "burst"
    workers    = 5
    iterations = 50
    step "get" {
      key = "k:${iteration}"
    }
  }
  check "p99" {
    condition = latency.p99 < 20
  }
}
