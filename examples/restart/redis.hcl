# Real restarts of a redis-server stressql started itself: the counterpart
# of scenarios/redis.hcl's connection_recovery_after_redis_restart_simulation,
# which can only simulate the restart with a network outage. These run only
# with --ephemeral:
#
#   stressql run --ephemeral examples/restart/
#
# The throwaway server has no persistence: it comes back empty.

scenario "connection_recovery_after_redis_restart" {
  driver      = "redis"
  description = "redis-server is killed (SIGKILL) and started again 1s later on the same port; requests fail while it is down, and as soon as it is back the pool reconnects and every later request succeeds."
  tags        = ["failover", "restart"]

  pool {
    pool_size    = 50
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

  phase "restart" {
    load "requests" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "2500ms"
      timeout  = "1s"
      step "set" {
        key   = "restart:${iteration}"
        value = "v"
      }
    }
    fault "restart" {
      after    = "200ms"
      mode     = "kill"
      down_for = "1s"
    }
  }

  phase "after" {
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

  check "the restart was felt" {
    condition     = phase.before.error_rate == 0 && phase.restart.ops.failed > 0
    error_message = "before: error rate ${phase.before.error_rate}; during the restart ${phase.restart.ops.failed} requests failed"
  }
  check "the server was down for down_for" {
    condition     = faults.restart.end_ms - faults.restart.start_ms >= 1000
    error_message = "the server was back after ${faults.restart.end_ms - faults.restart.start_ms} ms"
  }
  check "immediate recovery" {
    condition     = recovery_ms < 500
    error_message = "first success came ${recovery_ms} ms after the server was back"
  }
  check "the pool serves every request after the restart" {
    condition     = phase.after.error_rate == 0 && phase.after.ops.ok == 20
    error_message = "after the restart: error rate ${phase.after.error_rate}, ${phase.after.ops.ok} of 20 ok"
  }
}

scenario "connection_recovery_after_redis_fast_shutdown" {
  driver      = "redis"
  description = "redis-server shuts down cleanly (SIGTERM, nothing saved) and is started again at once; the pool reconnects by itself."
  tags        = ["failover", "restart"]

  pool {
    pool_size    = 50
    dial_timeout = "1s"
  }

  load "requests" {
    pattern  = "constant_rate"
    rate     = 20
    duration = "3s"
    timeout  = "1s"
    step "set" {
      key   = "restart:${iteration}"
      value = "v"
    }
  }
  fault "restart" {
    after = "1s"
    mode  = "fast"
  }

  check "the pool recovers without intervention" {
    condition     = recovery_ms < 500 && ops.ok >= 40
    error_message = "recovered in ${recovery_ms} ms, ${ops.ok} of 60 ok"
  }
}
