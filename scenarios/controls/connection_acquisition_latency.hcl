# control-of: connection_acquisition_latency  must-fail: p50 under 1 ms, p95 under 5 ms
# broken: 2 ms latency on the network path (a copy of redis.hcl's connection_acquisition_latency).

scenario "connection_acquisition_latency__control" {
  driver      = "redis"
  description = "1000 rapid pings through the pool: P50 under 1 ms and P95 under 5 ms."
  tags        = ["performance"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 1000
    step "ping" {}
  }

  fault "latency" {
    delay = "2ms"
  }

  check "all pings succeed" {
    condition     = ops.ok == 1000
    error_message = "${ops.ok} of 1000 pings succeeded"
  }
  check "p50 under 1 ms, p95 under 5 ms" {
    condition     = latency.p50 < 1 && latency.p95 < 5
    error_message = "p50 ${latency.p50} ms, p95 ${latency.p95} ms"
  }
}
