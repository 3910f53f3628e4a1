# control-of: connection_validation_ping  must-fail: p50 under 2 ms, p95 under 5 ms
# broken: 3 ms latency on the network path (a copy of redis.hcl's connection_validation_ping).

scenario "connection_validation_ping__control" {
  driver      = "redis"
  description = "200 health-check pings through the pool all succeed with P50 under 2 ms and P95 under 5 ms."
  tags        = ["failover"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 200
    step "ping" {}
  }

  fault "latency" {
    delay = "3ms"
  }

  check "every connection is healthy" {
    condition     = ops.ok == 200
    error_message = "${ops.ok} of 200 pings succeeded"
  }
  check "p50 under 2 ms, p95 under 5 ms" {
    condition     = latency.p50 < 2 && latency.p95 < 5
    error_message = "p50 ${latency.p50} ms, p95 ${latency.p95} ms"
  }
}
