locals {
  key_prefix = "b"
}

scenario "every_setting" {
  driver  = "postgres"
  tags    = ["smoke", "nightly"]
  timeout = "2m"
  pool {
    max_conns       = 20
    acquire_timeout = "1s"
    min_conns       = 2
  }

  phase "warmup" {
    load "ramp" {
      pattern     = "ramping_rate"
      start_rate  = 10
      max_workers = 16
      stage {
        rate     = 50
        duration = "1s"
      }
      stage {
        rate     = 200
        duration = "3s"
      }
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  phase "main" {
    pool {
      max_conns = 30
    }
    load "writes" {
      pattern     = "constant_rate"
      rate        = 100
      max_workers = 50
      duration    = "3s"
      start_after = "200ms"
      timeout     = "1s"
      step "query" {
        sql  = "SELECT $1::text"
        args = ["${local.key_prefix}:${iteration}"]
      }
      step "sleep" {
        duration = "1ms"
      }
      retry {
        attempts = 5
        backoff  = "100ms"
      }
      fallback {
        step "query" {
          sql = "SELECT 2"
        }
      }
    }
    load "more_reads" {
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
      delay    = "20ms"
    }
  }

  check "ok" {
    condition = ops.ok > 0
  }
}
