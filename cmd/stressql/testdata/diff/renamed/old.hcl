scenario "old_name" {
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

scenario "dropped" {
  driver = "redis"
  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 1
    step "ping" {}
  }
  check "ok" {
    condition = ops.ok == 1
  }
}
