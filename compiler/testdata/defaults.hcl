# The smallest scenarios: every default shows in the plan.

scenario "pg_defaults" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 3
    step "ping" {}
  }
}

scenario "redis_defaults" {
  driver = "redis"
  load "l" {
    pattern  = "constant_rate"
    rate     = 10
    duration = "1s"
    step "ping" {}
    retry {
      attempts = 2
    }
    circuit_breaker {
      failure_threshold = 3
      open_for          = "1s"
    }
  }
  fault "latency" {
    delay = "5ms"
  }
  fault "bandwidth" {
    kbps      = 64
    direction = "upstream"
  }
}
