# control-of: connection_recovery_after_redis_restart_simulation  must-fail: the pool serves every request after the restart
# broken: the server goes away again for 500 ms after the restart (a copy of redis.hcl's connection_recovery_after_redis_restart_simulation).

scenario "connection_recovery_after_redis_restart_simulation__control" {
  driver      = "redis"
  description = "A 1s outage (Redis restarting, seen from the client) fails requests while it lasts; as soon as it ends the pool reconnects and every later request succeeds."
  tags        = ["failover"]

  pool {
    pool_size    = var.redis_pool_size
    dial_timeout = "1s"
  }

  phase "before" {
    load "requests" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "1s"
      timeout  = "1s"
      step "set" {
        key   = "restart:${iteration}"
        value = "v"
      }
    }
  }

  # The outage ends 0.5s before its phase does, so the restart phase also
  # shows the first requests after it (a fault still on when its phase
  # ends is cut short and does not count for recovery_ms).
  phase "restart" {
    load "requests" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "1500ms"
      timeout  = "1s"
      step "set" {
        key   = "restart:${iteration}"
        value = "v"
      }
    }
    fault "outage" {
      duration = "1s"
    }
  }

  phase "after" {
    load "requests" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "2s"
      timeout  = "1s"
      step "set" {
        key   = "restart:${iteration}"
        value = "v"
      }
    }
    fault "outage" {
      after    = "500ms"
      duration = "500ms"
    }
  }

  check "the restart was felt" {
    condition     = phase.before.error_rate == 0 && phase.restart.ops.failed > 0
    error_message = "before: error rate ${phase.before.error_rate}; during the restart ${phase.restart.ops.failed} requests failed"
  }
  check "immediate recovery" {
    condition     = recovery_ms < 500
    error_message = "first success came ${recovery_ms} ms after the restart"
  }
  check "the pool serves every request after the restart" {
    condition     = phase.after.error_rate == 0 && phase.after.ops.ok == 40
    error_message = "after the restart: error rate ${phase.after.error_rate}, ${phase.after.ops.ok} of 40 ok"
  }
}
