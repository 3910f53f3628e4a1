# control-of: connection_leak_detection  must-fail: all operations succeed
# broken: 40 requests/s instead of 50 (a copy of postgres.hcl's connection_leak_detection).

scenario "connection_leak_detection__control" {
  driver      = "postgres"
  description = "100 operations under monitoring: the number of server connections stays stable (variance under 20) and never grows past the pool's cap."
  tags        = ["concurrency"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 40
    duration = "2s"
    step "query" {
      sql = "SELECT 1"
    }
  }

  check "all operations succeed" {
    condition     = ops.ok == 100
    error_message = "${ops.ok} of 100 operations succeeded"
  }
  check "connection count variance under 20" {
    condition     = server.conns.variance < 20
    error_message = "server connection count variance was ${server.conns.variance} (min ${server.conns.min}, max ${server.conns.max})"
  }
  check "no unbounded growth" {
    condition     = server.conns.max <= var.pg_max_conns && pool.total_conns.max <= var.pg_max_conns
    error_message = "server saw up to ${server.conns.max} connections, the pool held up to ${pool.total_conns.max}"
  }
}
