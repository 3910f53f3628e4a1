# control-of: connection_reuse_efficiency  must-fail: connections are reused
# broken: connections live 1 ms: every operation dials (a copy of redis.hcl's connection_reuse_efficiency).

scenario "connection_reuse_efficiency__control" {
  driver      = "redis"
  description = "500 operations reuse pooled connections: more than 90% of acquisitions hit an idle connection, and the server's connection count is stable (variance under 20), so there is no churn."
  tags        = ["performance"]

  pool {
    pool_size         = var.redis_pool_size
    conn_max_lifetime = "1ms"
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 250
    duration = "2s"
    step "set" {
      key   = "reuse:${iteration % 100}"
      value = "v${iteration}"
    }
  }

  check "all operations succeed" {
    condition     = ops.ok == 500
    error_message = "${ops.ok} of 500 operations succeeded"
  }
  check "connection variance under 20" {
    condition     = server.conns.variance < 20
    error_message = "server connection count variance ${server.conns.variance} (min ${server.conns.min}, max ${server.conns.max})"
  }
  check "connections are reused" {
    condition     = pool.reuse_ratio > 0.9 && pool.misses <= var.redis_pool_size
    error_message = "reuse ratio ${pool.reuse_ratio} with ${pool.misses} new connections for 500 operations"
  }
}
