# control-of: connection_memory_usage  must-fail: all operations succeed
# broken: 400 requests/s instead of 500 (a copy of redis.hcl's connection_memory_usage).

scenario "connection_memory_usage__control" {
  driver      = "redis"
  description = "1000 operations under monitoring grow the process's resident memory by less than 100 MB."
  tags        = ["memory"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 400
    duration = "2s"
    step "set" {
      key   = "memory:${iteration}"
      value = "value-${iteration}"
    }
  }

  check "all operations succeed" {
    condition     = ops.ok == 1000
    error_message = "${ops.ok} of 1000 operations succeeded"
  }
  check "memory growth under 100 MB" {
    condition     = process.rss_mb.growth < 100
    error_message = "resident memory grew by ${process.rss_mb.growth} MB"
  }
}
