# control-of: pool_max_size_enforcement  must-fail: excess callers time out when no connection frees up
# broken: the timeout phase's acquire_timeout is 5s instead of 500ms: nobody times out (a copy of postgres.hcl's pool_max_size_enforcement).

scenario "pool_max_size_enforcement__control" {
  driver      = "postgres"
  description = "The pool never opens more than max_conns: with 2x max_conns holders, the excess queue until a connection is released, and with a short acquire timeout they fail cleanly with acquire_timeout."
  tags        = ["exhaustion"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  phase "queueing" {
    pool {
      acquire_timeout = "5s"
    }
    load "holders" {
      pattern = "burst"
      workers = 2 * var.pg_max_conns
      step "hold" {
        duration = "500ms"
      }
    }
  }

  phase "timeout" {
    pool {
      acquire_timeout = "5s"
    }
    load "holders_short_timeout" {
      pattern = "burst"
      workers = 2 * var.pg_max_conns
      step "hold" {
        duration = "1s"
      }
    }
  }

  # Per phase: while the pools are swapped between phases, the old pool
  # drains as the new one warms up, so both are briefly open.
  check "pool never exceeds max_conns" {
    condition     = pool.total_conns.max <= var.pg_max_conns && phase.queueing.server.conns.max <= var.pg_max_conns && phase.timeout.server.conns.max <= var.pg_max_conns
    error_message = "pool held ${pool.total_conns.max} connections; the server saw ${phase.queueing.server.conns.max} then ${phase.timeout.server.conns.max}; max_conns is ${var.pg_max_conns}"
  }
  check "excess callers queue and then succeed" {
    condition     = phase.queueing.ops.ok == 2 * var.pg_max_conns && phase.queueing.acquire.max >= 400
    error_message = "${phase.queueing.ops.ok} of ${2 * var.pg_max_conns} holders succeeded; longest wait for a connection ${phase.queueing.acquire.max} ms (a queued caller waits about one 500 ms hold)"
  }
  check "excess callers time out when no connection frees up" {
    condition     = phase.timeout.ops.ok == var.pg_max_conns && phase.timeout.errors.acquire_timeout == var.pg_max_conns
    error_message = "${phase.timeout.ops.ok} holders succeeded and ${phase.timeout.errors.acquire_timeout} timed out waiting; want ${var.pg_max_conns} of each"
  }
}
