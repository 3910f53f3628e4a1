# control-of: blocking_vs_nonblocking_mode  must-fail: operations beyond the pool queue
# broken: pool_size 60: nothing queues (a copy of redis.hcl's blocking_vs_nonblocking_mode).

scenario "blocking_vs_nonblocking_mode__control" {
  driver      = "redis"
  description = "60 concurrent 50 ms blocking operations on a 50-connection pool: the 10 beyond the pool block until a connection is free (they take a queue wait plus the operation) and at least 55 of 60 succeed."
  tags        = ["exhaustion"]

  pool {
    pool_size = 60
  }

  load "long_running" {
    pattern = "burst"
    workers = 60
    # BLPOP on an empty list blocks the connection for its 0.05 s timeout.
    step "command" {
      args = ["BLPOP", "blocking:${iteration}", "0.05"]
    }
  }

  check "at least 55 of 60 succeed" {
    condition     = ops.ok >= 55
    error_message = "${ops.ok} of 60 long-running operations succeeded"
  }
  check "operations beyond the pool queue" {
    condition     = latency.max >= 90 && pool.total_conns.max <= var.redis_pool_size && pool.misses <= var.redis_pool_size
    error_message = "slowest operation ${latency.max} ms with up to ${pool.total_conns.max} connections: nothing waited for a connection"
  }
}
