# Every PostgreSQL pool setting, step, pattern, policy and fault.

variable "max_conns" {
  type        = number
  default     = 8
  description = "pool size of the steady phase"
}

locals {
  spike_conns = var.max_conns * 2
  hold        = "150ms"
}

scenario "pg_everything" {
  driver      = "postgres"
  description = "Phases, a pool swap, every step and policy."
  tags        = ["exhaustion", "recovery"]
  timeout     = "2m"

  pool {
    enabled                  = true
    min_conns                = 2
    max_conns                = var.max_conns
    acquire_timeout          = "2s"
    max_conn_lifetime        = "30m"
    max_conn_lifetime_jitter = "1m"
    max_conn_idle_time       = "5m"
    health_check_period      = "30s"
    connect_timeout          = "3s"
    tls                      = "disable"
    ping_on_acquire          = true
  }

  phase "warm" {
    load "reads" {
      pattern     = "constant_rate"
      rate        = 50
      duration    = "2s"
      max_workers = 20
      timeout     = "1s"
      step "query" {
        sql  = "SELECT $1::int + $2::int"
        args = [iteration, worker * 2 + 1]
      }
      retry {
        attempts    = 3
        backoff     = "10ms"
        max_backoff = "200ms"
        jitter      = 0.1
        on          = ["reset", "refused", "injected"]
      }
    }
    fault "error" {
      after       = "500ms"
      duration    = "1s"
      probability = 0.2
      load        = "reads"
    }
  }

  phase "spike" {
    pool {
      max_conns = local.spike_conns
    }
    load "holders" {
      pattern     = "burst"
      workers     = 20
      iterations  = 40
      start_after = "100ms"
      step "acquire" {}
      step "hold" {
        duration = local.hold
      }
    }
    load "writers" {
      pattern  = "constant_workers"
      workers  = 4
      duration = "3s"
      step "tx" {
        statements = ["CREATE TABLE IF NOT EXISTS t (n int)", "INSERT INTO t VALUES (1)"]
      }
      step "sleep" {
        duration = "10ms"
      }
      circuit_breaker {
        failure_threshold   = 5
        open_for            = "500ms"
        half_open_successes = 2
      }
      fallback {
        step "ping" {}
      }
    }
    fault "latency" {
      delay     = "20ms"
      jitter    = "5ms"
      direction = "both"
      after     = "1s"
      duration  = "1s"
    }
    fault "bandwidth" {
      kbps = 512
    }
  }

  phase "recover" {
    load "pings" {
      pattern    = "ramping_rate"
      start_rate = 10
      stage {
        rate     = 100
        duration = "1s"
      }
      stage {
        rate     = 0
        duration = "1s"
      }
      step "ping" {}
    }
    fault "reset" {
      probability = 0.1
      duration    = "500ms"
    }
    fault "outage" {
      after    = "200ms"
      duration = "300ms"
    }
    fault "timeout" {
      after    = "1s"
      duration = "200ms"
    }
    fault "terminate" {
      after     = "1500ms"
      idle_only = true
    }
    fault "close_pool" {
      after = "1900ms"
    }
  }

  check "pool stays bounded" {
    condition     = pool.total_conns.max <= local.spike_conns
    error_message = "pool grew to ${pool.total_conns.max}"
  }
  check "spike is served" {
    condition = phase.spike.error_rate < 0.5 && load.holders.ops.ok > 0
  }
  check "recovers" {
    condition = recovery_ms < 5000 && breaker.opened >= 0 && retries >= 0 && fallbacks >= 0
  }
}

scenario "pg_direct" {
  driver = "postgres"
  pool {
    enabled = false
  }
  load "direct" {
    pattern = "burst"
    workers = 5
    step "query" {
      sql = "SELECT 1"
    }
  }
  fault "dns" {}
  check "dns fails" {
    condition = errors.dns == ops.total
  }
}
