# control-of: connection_leak_detection_redis  must-fail: all operations succeed
# broken: 200 requests/s instead of 250 (a copy of redis.hcl's connection_leak_detection_redis).

scenario "connection_leak_detection_redis__control" {
  driver      = "redis"
  description = "500 operations: the server's connection count stays stable (variance under 25) and within the pool's cap."
  tags        = ["memory"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 200
    duration = "2s"
    step "set" {
      key   = "leak:${iteration % 50}"
      value = "v${iteration}"
    }
  }

  check "all operations succeed" {
    condition     = ops.ok == 500
    error_message = "${ops.ok} of 500 operations succeeded"
  }
  check "connection variance under 25" {
    condition     = server.conns.variance < 25
    error_message = "server connection count variance ${server.conns.variance} (min ${server.conns.min}, max ${server.conns.max})"
  }
  check "stable connection count" {
    # A pool that churns or leaks dials far more than it holds (one dial
    # per operation: 500); one that reuses dials only its peak concurrency.
    condition     = server.conns.max <= var.redis_pool_size && pool.misses <= var.redis_pool_size
    error_message = "server saw up to ${server.conns.max} connections; the pool dialled ${pool.misses} for 500 operations"
  }
}
