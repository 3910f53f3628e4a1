# control-of: connection_idle_timeout  must-fail: connections idle for 1s are kept
# broken: an idle timeout of 200 ms instead of 2s (a copy of postgres.hcl's connection_idle_timeout).

scenario "connection_idle_timeout__control" {
  driver      = "postgres"
  description = "With a 2s idle timeout, connections idle for 1s are kept and reused, connections left idle for 3s are closed (the server sees them go), and the next requests get newly created connections."
  tags        = ["configuration"]

  pool {
    min_conns           = 0
    max_conns           = var.pg_max_conns
    max_conn_idle_time  = "200ms"
    health_check_period = "250ms"
  }

  phase "busy" {
    load "holders" {
      pattern = "burst"
      workers = 10
      step "hold" {
        duration = "200ms"
      }
    }
  }

  # Idle for 1s, under the 2s timeout: the 10 connections must survive and
  # serve the next 10 holders without a new connection. This bounds the
  # timeout from below (an idle timeout of 1s or less fails here).
  phase "short_idle" {
    load "wait" {
      pattern = "burst"
      workers = 1
      step "sleep" {
        duration = "1s"
      }
    }
  }

  phase "still_pooled" {
    load "holders" {
      pattern = "burst"
      workers = 10
      step "hold" {
        duration = "200ms"
      }
    }
  }

  phase "idle" {
    load "wait" {
      pattern = "burst"
      workers = 1
      step "sleep" {
        duration = "3s"
      }
    }
  }

  phase "reuse" {
    load "queries" {
      pattern = "burst"
      workers = 10
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  check "busy phase opened connections" {
    condition     = phase.busy.pool.total_conns.max >= 10
    error_message = "only ${phase.busy.pool.total_conns.max} connections were open while 10 holders ran"
  }
  check "connections idle for 1s are kept" {
    condition     = phase.short_idle.pool.total_conns.min >= 10 && phase.still_pooled.ops.ok == 10 && phase.still_pooled.pool.new_conns == 0
    error_message = "after 1s idle the pool held ${phase.short_idle.pool.total_conns.min} connections at its lowest and opened ${phase.still_pooled.pool.new_conns} new ones for 10 holders (${phase.still_pooled.ops.ok} ok): the idle timeout closed connections idle for less than 2s"
  }
  check "connections idle longer than 2s are closed" {
    condition     = phase.idle.pool.total_conns.max >= 10 && phase.idle.pool.total_conns.last == 0 && phase.idle.server.conns.last == 0
    error_message = "after 3s idle the pool still held ${phase.idle.pool.total_conns.last} connections and the server saw ${phase.idle.server.conns.last}"
  }
  check "new connections are created as needed" {
    condition     = phase.reuse.ops.ok == 10 && phase.reuse.pool.new_conns >= 1
    error_message = "${phase.reuse.ops.ok} of 10 queries after the idle period, ${phase.reuse.pool.new_conns} new connections"
  }
}
