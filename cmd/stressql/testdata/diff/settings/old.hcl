locals {
  key_prefix = "a"
}

scenario "every_setting" {
  driver  = "postgres"
  tags    = ["smoke"]
  timeout = "1m"
  pool {
    max_conns       = 10
    acquire_timeout = "1s"
  }

  phase "warmup" {
    load "ramp" {
      pattern     = "ramping_rate"
      start_rate  = 10
      max_workers = 8
      stage {
        rate     = 50
        duration = "1s"
      }
      stage {
        rate     = 100
        duration = "2s"
      }
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  phase "main" {
    load "writes" {
      pattern     = "constant_rate"
      rate        = 100
      duration    = "2s"
      start_after = "100ms"
      timeout     = "500ms"
      step "query" {
        sql  = "SELECT $1::text"
        args = ["${local.key_prefix}:${iteration}"]
      }
      retry {
        attempts = 3
        backoff  = "100ms"
      }
      circuit_breaker {
        failure_threshold = 5
        open_for          = "1s"
      }
      fallback {
        step "query" {
          sql = "SELECT 0"
        }
      }
    }
    load "reads" {
      pattern  = "constant_workers"
      workers  = 4
      duration = "2s"
      step "query" {
        sql = "SELECT 1"
      }
    }
    fault "latency" {
      after    = "500ms"
      duration = "1s"
      delay    = "10ms"
    }
    fault "terminate" {
      after = "1s"
    }
  }

  phase "cooldown" {
    load "idle" {
      pattern  = "constant_workers"
      workers  = 1
      duration = "1s"
      step "sleep" {
        duration = "10ms"
      }
    }
  }

  check "ok" {
    condition = ops.ok > 0
  }
}
