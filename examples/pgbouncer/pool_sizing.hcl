# Pool sizing behind a bouncer: many more client connections than server
# connections. The clients queue at the bouncer (bouncer.cl_waiting), not
# at the pool, and the server never sees more than the bouncer's pool size.
# `stressql run --ephemeral` starts the PgBouncer of its topology block
# (transaction mode, default_pool_size = var.bouncer_pool_size); or run
# against yours in transaction mode with that default_pool_size (README.md).

variable "bouncer_pool_size" {
  type        = number
  default     = 4
  description = "the bouncer's default_pool_size (server connections per database/user)"
}

variable "sizing_clients" {
  type        = number
  default     = 40
  description = "the pool's connections (and workers): ten times the server connections"
}

scenario "pgbouncer_clients_exceed_server_conns" {
  driver      = "postgres"
  description = "40 pool connections through a transaction-mode bouncer with 4 server connections: all 40 connect, the bouncer queues their transactions on 4 server connections, and no query fails."
  tags        = ["pgbouncer", "sizing"]

  # What this scenario expects its target to be; `stressql run --ephemeral`
  # starts it: a throwaway PostgreSQL with a PgBouncer in front.
  topology {
    kind              = "pgbouncer"
    pool_mode         = "transaction"
    default_pool_size = var.bouncer_pool_size
  }

  pool {
    min_conns       = var.sizing_clients
    max_conns       = var.sizing_clients
    query_exec_mode = "exec"
  }

  load "busy" {
    pattern  = "constant_workers"
    workers  = var.sizing_clients
    duration = "3s"
    step "query" {
      sql  = "select pg_sleep(0.02), $1::int"
      args = [worker]
    }
  }

  check "no query fails" {
    condition     = ops.failed == 0 && ops.ok > 0
    error_message = "${ops.failed} failed"
  }
  check "every client connection is open at the pool" {
    condition     = pool.total_conns.max == var.sizing_clients
    error_message = "pool peaked at ${pool.total_conns.max}"
  }
  check "clients queue at the bouncer" {
    condition     = bouncer.cl_waiting.max > 0
    error_message = "bouncer.cl_waiting.max = ${bouncer.cl_waiting.max}: no client waited for a server connection"
  }
  check "a transaction waits at the bouncer longer than it runs on the server" {
    # SHOW STATS: the time clients waited for a server connection per
    # transaction against the time on the server. PgBouncer 1.18 counts a
    # query's time from when the client sent it, wait included, so with one
    # query per transaction the server's part is avg_query_ms - avg_wait_ms.
    # The other way round would mean the server, not the bouncer's pool,
    # is the limit.
    condition     = bouncer.xacts > 0 && bouncer.avg_wait_ms > bouncer.avg_query_ms - bouncer.avg_wait_ms
    error_message = "avg wait ${bouncer.avg_wait_ms} ms per transaction, avg query ${bouncer.avg_query_ms} ms (wait included), ${bouncer.xacts} transactions"
  }
  check "the server sees at most the bouncer's pool" {
    condition     = bouncer.sv_active.max <= var.bouncer_pool_size && bouncer.sv_active.max >= 1
    error_message = "bouncer.sv_active.max = ${bouncer.sv_active.max}"
  }
}
