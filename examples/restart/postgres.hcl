# Real restarts of a PostgreSQL server stressql started itself: the
# counterpart of scenarios/postgres.hcl's
# pool_recovery_after_database_restart_simulation, which can only simulate
# the restart with a network outage. These run only with --ephemeral:
#
#   stressql run --ephemeral examples/restart/
#
# Without it the run is refused before anything starts (exit 2): a restart
# fault never touches a server stressql did not start.

scenario "pool_recovery_after_database_restart" {
  driver      = "postgres"
  description = "The server process is killed (SIGKILL: a crash) and started again 1s later on the same port and data directory; requests fail while it is down, and afterwards the same pool serves every request again without any manual intervention."
  tags        = ["recovery", "restart"]

  pool {
    min_conns       = 5
    max_conns       = 20
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

  # The server is down for 1s and needs a moment for crash recovery; the
  # phase lasts long enough to also show the first requests after it is
  # back (recovery_ms runs from the server accepting logins again).
  phase "restart" {
    load "queries" {
      pattern  = "constant_rate"
      rate     = 20
      duration = "3s"
      timeout  = "1s"
      step "query" {
        sql = "SELECT 1"
      }
    }
    fault "restart" {
      after    = "200ms"
      mode     = "kill"
      down_for = "1s"
    }
  }

  phase "after" {
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

  check "the restart was felt" {
    condition     = phase.before.error_rate == 0 && phase.restart.ops.failed > 0
    error_message = "before: error rate ${phase.before.error_rate}; during the restart ${phase.restart.ops.failed} requests failed"
  }
  check "the server was down for down_for" {
    condition     = faults.restart.end_ms - faults.restart.start_ms >= 1000
    error_message = "the server was back after ${faults.restart.end_ms - faults.restart.start_ms} ms"
  }
  check "the pool recovers without intervention" {
    condition     = phase.after.error_rate == 0 && phase.after.ops.ok == 20 && recovery_ms < 1000
    error_message = "after the restart: error rate ${phase.after.error_rate}, ${phase.after.ops.ok} of 20 ok, recovered in ${recovery_ms} ms"
  }
}

scenario "pool_recovery_after_database_fast_shutdown" {
  driver      = "postgres"
  description = "The server is shut down cleanly (fast shutdown) and started again at once; the pool recovers by itself."
  tags        = ["recovery", "restart"]

  pool {
    min_conns       = 5
    max_conns       = 20
    connect_timeout = "1s"
    ping_on_acquire = true
  }

  load "queries" {
    pattern  = "constant_rate"
    rate     = 20
    duration = "3s"
    timeout  = "1s"
    step "query" {
      sql = "SELECT 1"
    }
  }
  fault "restart" {
    after = "1s"
    mode  = "fast"
  }

  check "the pool recovers without intervention" {
    condition     = recovery_ms < 1000 && ops.ok >= 40
    error_message = "recovered in ${recovery_ms} ms, ${ops.ok} of 60 ok"
  }
}
