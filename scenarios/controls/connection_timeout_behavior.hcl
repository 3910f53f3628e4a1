# control-of: connection_timeout_behavior  must-fail: all succeed, no timeouts
# broken: a 1 ms operation timeout (a copy of redis.hcl's connection_timeout_behavior).

scenario "connection_timeout_behavior__control" {
  driver      = "redis"
  description = "20 operations, each bounded by a 1s timeout and a 1s pool timeout, all complete without any timeout and with P95 under 50 ms."
  tags        = ["exhaustion"]

  pool {
    pool_size    = var.redis_pool_size
    pool_timeout = "1ms"
  }

  load "operations" {
    pattern = "burst"
    workers = 20
    timeout = "1ms"
    step "set" {
      key   = "timeout:${iteration}"
      value = "v"
    }
    step "get" {
      key = "timeout:${iteration}"
    }
  }

  check "all succeed, no timeouts" {
    condition     = ops.ok == 20 && errors.timeout == 0 && errors.acquire_timeout == 0
    error_message = "${ops.ok} of 20 succeeded; ${errors.timeout} timed out, ${errors.acquire_timeout} waited too long for a connection"
  }
  check "p95 under 50 ms" {
    condition     = latency.p95 < 50
    error_message = "p95 was ${latency.p95} ms"
  }
}
