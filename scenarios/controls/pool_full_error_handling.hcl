# control-of: pool_full_error_handling  must-fail: at least 100 of 150 succeed
# broken: a pool of 1 with a 1 ms pool timeout (a pool of 10 passed once on a loaded host, whose 150 callers barely overlapped) (a copy of redis.hcl's pool_full_error_handling).

scenario "pool_full_error_handling__control" {
  driver      = "redis"
  description = "150 concurrent operations (3x the pool) degrade gracefully: at least 100 succeed, the pool stays capped, and no failure is an unclassified error."
  tags        = ["exhaustion"]

  pool {
    pool_size    = 1
    pool_timeout = "1ms"
  }

  load "extreme" {
    pattern = "burst"
    workers = 3 * var.redis_pool_size
    step "set" {
      key   = "full:${iteration}"
      value = "v"
    }
  }

  check "at least 100 of 150 succeed" {
    condition     = ops.ok >= 100
    error_message = "${ops.ok} of 150 operations succeeded"
  }
  check "graceful degradation" {
    condition     = pool.total_conns.max <= var.redis_pool_size && pool.misses <= var.redis_pool_size && errors.other == 0
    error_message = "pool reached ${pool.total_conns.max} connections; ${errors.other} unclassified failures"
  }
}
