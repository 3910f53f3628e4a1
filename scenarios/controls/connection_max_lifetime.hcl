# control-of: connection_max_lifetime  must-fail: connections are recycled
# broken: no maximum lifetime (1h) (a copy of postgres.hcl's connection_max_lifetime).

scenario "connection_max_lifetime__control" {
  driver      = "postgres"
  description = "With a 1s maximum lifetime, 10 operations over 5s keep succeeding while the pool recycles its connections: every initial connection is replaced at least once."
  tags        = ["configuration"]

  pool {
    min_conns           = var.pg_min_conns
    max_conns           = var.pg_max_conns
    max_conn_lifetime   = "1h"
    health_check_period = "250ms"
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 2
    duration = "5s"
    step "query" {
      sql = "SELECT 1"
    }
  }

  check "operations succeed during recycling" {
    condition     = ops.ok == 10
    error_message = "${ops.ok} of 10 operations succeeded"
  }
  check "connections are recycled" {
    condition     = pool.new_conns >= var.pg_min_conns
    error_message = "only ${pool.new_conns} connections were opened in 5s with a 1s lifetime"
  }
}
