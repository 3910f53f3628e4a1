# control-of: max_connections_limit  must-fail: never more than max_connections
# broken: a pool of 100 that keeps 60 connections open, above the seed's 50 (a copy of redis.hcl's max_connections_limit).

scenario "max_connections_limit__control" {
  driver      = "redis"
  description = "100 concurrent operations on a 50-connection pool: the pool never exceeds 50 connections, fewer than 5% fail and P95 stays under 100 ms."
  tags        = ["exhaustion"]

  pool {
    pool_size      = 2 * var.redis_pool_size
    min_idle_conns = 60
  }

  load "operations" {
    pattern = "burst"
    workers = 2 * var.redis_pool_size
    step "set" {
      key   = "limit:${iteration}"
      value = "v${iteration}"
    }
  }

  check "error rate under 5%" {
    condition     = error_rate < 0.05
    error_message = "error rate was ${error_rate} (${ops.failed} of ${ops.total})"
  }
  check "p95 under 100 ms" {
    condition     = latency.p95 < 100
    error_message = "p95 was ${latency.p95} ms"
  }
  check "never more than max_connections" {
    # The burst lasts about 25 ms, less than one sampling interval, so the
    # sampled gauges may miss its peak; pool.misses counts every dial.
    condition     = pool.total_conns.max <= var.redis_pool_size && pool.misses <= var.redis_pool_size
    error_message = "pool held ${pool.total_conns.max} connections and dialled ${pool.misses}; pool_size is ${var.redis_pool_size}"
  }
}
