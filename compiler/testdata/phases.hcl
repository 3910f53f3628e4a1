# Phase pools fall back to the scenario pool, then to the defaults; later
# phases without a pool block keep the pool they inherit. Phase durations
# add up; the default timeout is twice that plus 30s.

scenario "resize" {
  driver = "postgres"
  pool {
    min_conns = 2
    max_conns = 4
  }
  phase "small" {
    load "a" {
      pattern  = "constant_workers"
      workers  = 2
      duration = "1s"
      step "ping" {}
    }
    load "late" {
      pattern     = "constant_workers"
      workers     = 1
      duration    = "1s"
      start_after = "500ms"
      step "ping" {}
    }
  }
  phase "big" {
    pool {
      max_conns = 12
    }
    load "a" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "2s"
      step "ping" {}
    }
    fault "terminate" {
      after = "1s"
    }
  }
  phase "same" {
    load "holders" {
      pattern    = "burst"
      workers    = 24
      iterations = 48
      step "hold" {
        duration = "100ms"
      }
    }
  }
  check "big phase ok" {
    condition = phase.big.ops.failed == 0 && load.a.ops.ok > 0
  }
}

scenario "redis_phases" {
  driver = "redis"
  phase "one" {
    pool {
      pool_size = 2
    }
    load "l" {
      pattern = "burst"
      workers = 2
      step "sleep" {
        duration = "50ms"
      }
      step "sleep" {
        duration = "25ms"
      }
    }
  }
  phase "two" {
    load "l" {
      pattern = "burst"
      workers = 2
      step "ping" {}
    }
  }
}
