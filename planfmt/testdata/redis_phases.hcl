# Phases with a pool resize, open-model loads and Redis-only faults.
scenario "redis_resize" {
  driver          = "redis"
  description     = "Growing the pool between phases moves traffic without failing in-flight work."
  allow_dangerous = true

  pool {
    pool_size    = 5
    pool_timeout = "1s"
  }

  phase "small" {
    load "writers" {
      pattern     = "constant_rate"
      rate        = 50
      duration    = "2s"
      max_workers = 20
      step "set" {
        key   = "k:${iteration % 100}"
        value = "v${worker}"
        ttl   = "1m"
      }
    }
    fault "pause" {
      after    = "500ms"
      duration = "300ms"
    }
  }

  phase "big" {
    pool {
      pool_size      = 50
      min_idle_conns = 10
    }
    load "writers" {
      pattern    = "ramping_rate"
      start_rate = 10
      stage {
        rate     = 100
        duration = "2s"
      }
      stage {
        rate     = 100
        duration = "1s"
      }
      step "command" {
        args = ["INCR", "hits"]
      }
      step "get" {
        key = "k:${iteration % 100}"
      }
    }
    fault "terminate" {
      after     = "1s"
      idle_only = true
    }
  }

  phase "cool" {
    load "pings" {
      pattern = "burst"
      workers = 4
      step "ping" {}
      step "sleep" {
        duration = "100ms"
      }
    }
  }

  check "resize loses nothing" {
    condition = phase.big.ops.failed == 0
  }
  check "no errors in any second" {
    condition = error_rate < 0.01
    window    = "1s"
    abort     = true
  }
  check "p99 every 2s" {
    condition = latency.p99 < 50
    window    = "2s"
  }
}
