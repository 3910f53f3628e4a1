# control-of: pool_recovery_after_database_restart_simulation  must-fail: the pool recovers without intervention
# broken: the server goes away again for 500 ms after the restart: the after phase cannot be error free (a copy of postgres.hcl's pool_recovery_after_database_restart_simulation).

scenario "pool_recovery_after_database_restart_simulation__control" {
  driver      = "postgres"
  description = "A 1s outage (the server restarting, seen from the client) fails requests while it lasts; afterwards the same pool serves every request again without any manual intervention."
  tags        = ["recovery"]

  pool {
    min_conns       = var.pg_min_conns
    max_conns       = var.pg_max_conns
    connect_timeout = "1s"
    ping_on_acquire = true
  }

  phase "before" {
    load "queries" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "1s"
      timeout  = "1s"
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  # The outage ends 0.5s before its phase does, so the restart phase also
  # shows the first requests after it (a fault still on when its phase
  # ends is cut short and does not count for recovery_ms).
  phase "restart" {
    load "queries" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "1500ms"
      timeout  = "1s"
      step "query" {
        sql = "SELECT 1"
      }
    }
    fault "outage" {
      duration = "1s"
    }
  }

  phase "after" {
    load "queries" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "2s"
      timeout  = "1s"
      step "query" {
        sql = "SELECT 1"
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
  check "the pool recovers without intervention" {
    condition     = phase.after.error_rate == 0 && phase.after.ops.ok == 40 && recovery_ms < 1000
    error_message = "after the restart: error rate ${phase.after.error_rate}, ${phase.after.ops.ok} of 40 ok, recovered in ${recovery_ms} ms"
  }
}
