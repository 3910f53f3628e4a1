# control-of: connection_release_latency  must-fail: p50 under 2 ms, p95 under 10 ms
# broken: 3 ms latency on the network path (a copy of redis.hcl's connection_release_latency).

scenario "connection_release_latency__control" {
  driver      = "redis"
  description = "1000 SET operations, each taking and returning a pooled connection: P50 under 2 ms and P95 under 10 ms."
  tags        = ["performance"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "sets" {
    pattern    = "burst"
    workers    = 1
    iterations = 1000
    step "set" {
      key   = "release:${iteration}"
      value = "v${iteration}"
    }
  }

  fault "latency" {
    delay = "3ms"
  }

  check "all sets succeed" {
    condition     = ops.ok == 1000
    error_message = "${ops.ok} of 1000 SETs succeeded"
  }
  check "p50 under 2 ms, p95 under 10 ms" {
    condition     = latency.p50 < 2 && latency.p95 < 10
    error_message = "p50 ${latency.p50} ms, p95 ${latency.p95} ms"
  }
}
