# Two scenarios with the same pgbouncer topology: --ephemeral starts one
# PostgreSQL and one PgBouncer for both.

scenario "through_bouncer" {
  driver = "postgres"
  topology {
    kind              = "pgbouncer"
    pool_mode         = "transaction"
    default_pool_size = 2
  }
  pool {
    max_conns       = 6
    query_exec_mode = "exec"
  }
  # A closed burst long enough for the bouncer to be sampled (every 100 ms).
  load "q" {
    pattern    = "burst"
    workers    = 6
    iterations = 240
    step "query" {
      sql  = "select pg_sleep(0.005), $1::int"
      args = [iteration]
    }
  }
  check "a bouncer in front" {
    condition     = bouncer.sv_active.max <= 2 && bouncer.cl_active.max >= 1 && error_rate == 0
    error_message = "sv_active max ${bouncer.sv_active.max}, cl_active max ${bouncer.cl_active.max}, error rate ${error_rate}"
  }
}

scenario "bouncer_server_restart" {
  driver = "postgres"
  topology {
    kind              = "pgbouncer"
    pool_mode         = "transaction"
    default_pool_size = 2
  }
  pool {
    max_conns       = 4
    query_exec_mode = "exec"
    connect_timeout = "1s"
  }
  load "q" {
    pattern  = "constant_rate"
    rate     = 20
    duration = "3s"
    timeout  = "1s"
    step "query" {
      sql = "select 1"
    }
  }
  fault "restart" {
    after    = "500ms"
    mode     = "fast"
    down_for = "500ms"
  }
  check "served again after the restart" {
    condition     = ops.ok > 0
    error_message = "${ops.ok} ok"
  }
}
