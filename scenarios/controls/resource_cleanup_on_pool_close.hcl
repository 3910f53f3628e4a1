# control-of: resource_cleanup_on_pool_close  must-fail: a closed pool stays closed
# broken: the pool is never closed (a copy of redis.hcl's resource_cleanup_on_pool_close).

scenario "resource_cleanup_on_pool_close__control" {
  driver      = "redis"
  description = "After 100 operations the pool is closed: it closes promptly, the server sees its connections go, and later operations are refused as closed instead of reopening connections."
  tags        = ["memory"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 100
    duration = "1s"
    step "set" {
      key   = "cleanup:${iteration}"
      value = "v"
    }
  }

  load "after_close" {
    pattern     = "burst"
    workers     = 5
    start_after = "2s"
    step "ping" {}
  }

  check "operations before the close succeed" {
    condition     = load.operations.ops.ok == 100
    error_message = "${load.operations.ops.ok} of 100 operations succeeded"
  }
  check "the pool closes promptly" {
    condition     = pool.close_ms < 1000
    error_message = "closing the pool took ${pool.close_ms} ms"
  }
  check "connections are released" {
    condition     = server.conns.max >= 1 && server.conns.last == 0
    error_message = "the server still saw ${server.conns.last} connections after the close"
  }
  check "a closed pool stays closed" {
    # errors.closed is stressql's own refusal (the driver's closed flag);
    # what can fail is that none of the 5 succeeded on a reopened
    # connection and the server saw none left at the end.
    condition     = load.after_close.ops.ok == 0 && load.after_close.ops.failed == 5 && server.conns.last == 0
    error_message = "${load.after_close.ops.ok} of 5 operations after the close succeeded, the server still saw ${server.conns.last} connections"
  }
}
