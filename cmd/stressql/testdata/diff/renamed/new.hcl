# old_name, renamed and moved down: the same plan.
scenario "brand_new" {
  driver = "redis"
  load "pings" {
    pattern    = "burst"
    workers    = 2
    iterations = 2
    step "ping" {}
  }
  check "ok" {
    condition = ops.ok == 2
  }
}

scenario "new_name" {
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
