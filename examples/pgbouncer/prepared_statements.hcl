# The prepared-statement pitfall of PgBouncer in transaction (or statement)
# mode, and its fixes. `stressql run --ephemeral examples/pgbouncer/`
# starts the PgBouncer of their topology blocks; or run against yours, e.g.
#   stressql run examples/pgbouncer/prepared_statements.hcl \
#     --postgres postgres://stressql:stressql@127.0.0.1:6432/stressql
# (see README.md for a pgbouncer.ini). Against PostgreSQL itself the
# pitfall does not happen and bouncer.* has no data: these scenarios fail.

variable "clients" {
  type        = number
  default     = 12
  description = "pool connections (and workers): more than the bouncer's server connections"
}

scenario "pgbouncer_prepared_statement_pitfall" {
  driver      = "postgres"
  description = "pgx's default query_exec_mode (cache_statement) prepares a named statement per client connection; through transaction pooling the next transaction runs on another server connection, where it is missing (26000) or already there (42P05): error kind prepared_statement."
  tags        = ["pgbouncer", "pitfall"]

  topology {
    kind              = "pgbouncer"
    pool_mode         = "transaction"
    default_pool_size = 4
  }

  pool {
    max_conns       = var.clients
    query_exec_mode = "cache_statement"
  }

  load "parameterized" {
    pattern    = "burst"
    workers    = var.clients
    iterations = 20 * var.clients
    step "query" {
      sql  = "select $1::int + $2::int"
      args = [iteration, worker]
    }
  }

  check "the pitfall shows as its own error kind" {
    condition     = errors.prepared_statement > 0 && errors.query == 0
    error_message = "prepared_statement ${errors.prepared_statement}, query ${errors.query}: is the target a PgBouncer in transaction mode?"
  }
}

scenario "pgbouncer_fix_exec" {
  driver      = "postgres"
  description = "query_exec_mode = \"exec\": the args go as untyped text with the unnamed statement in one round trip, nothing stays on the server connection, so transaction pooling is safe."
  tags        = ["pgbouncer", "fix"]

  topology {
    kind              = "pgbouncer"
    pool_mode         = "transaction"
    default_pool_size = 4
  }

  pool {
    max_conns       = var.clients
    query_exec_mode = "exec"
  }

  load "parameterized" {
    pattern     = "constant_rate"
    rate        = 200
    duration    = "3s"
    max_workers = var.clients
    step "query" {
      sql  = "select $1::int + $2::int, pg_sleep(0.005)"
      args = [iteration, worker]
    }
  }

  check "every query passes through the bouncer" {
    condition     = ops.failed == 0 && ops.ok > 0
    error_message = "${ops.failed} failed"
  }
  check "the bouncer is sampled" {
    condition     = bouncer.sv_active.max >= 1 && bouncer.cl_waiting.samples > 0
    error_message = "bouncer.sv_active.max = ${bouncer.sv_active.max}"
  }
}

scenario "pgbouncer_fix_simple_protocol" {
  driver      = "postgres"
  description = "query_exec_mode = \"simple_protocol\": the args are quoted into the SQL client-side and sent with the simple query protocol, which works through any pooler."
  tags        = ["pgbouncer", "fix"]

  topology {
    kind              = "pgbouncer"
    pool_mode         = "transaction"
    default_pool_size = 4
  }

  pool {
    max_conns       = var.clients
    query_exec_mode = "simple_protocol"
  }

  load "parameterized" {
    pattern    = "burst"
    workers    = var.clients
    iterations = 20 * var.clients
    step "query" {
      sql  = "select $1::int + $2::int, $3::text"
      args = [iteration, worker, "it's quoted"]
    }
  }

  check "every query passes through the bouncer" {
    condition     = ops.failed == 0
    error_message = "${ops.failed} failed: ${errors.prepared_statement} prepared_statement, ${errors.query} query"
  }
}
