# control-of: queue_backlog_under_load  must-fail: queue drains
# broken: 250 ms latency on the network path: 100 workers carry only 400 of the 500 requests/s (a copy of redis.hcl's queue_backlog_under_load).

scenario "queue_backlog_under_load__control" {
  driver      = "redis"
  description = "A sustained 500 requests/s for 3s: fewer than 10% fail, and the backlog drains, so every scheduled request runs (none dropped for lack of a worker)."
  tags        = ["exhaustion"]

  pool {
    pool_size = var.redis_pool_size
  }

  load "requests" {
    pattern  = "constant_rate"
    rate     = 500
    duration = "3s"
    step "set" {
      key   = "backlog:${iteration % 1000}"
      value = "v${iteration}"
    }
  }

  fault "latency" {
    delay = "250ms"
  }

  check "error rate under 10%" {
    condition     = error_rate < 0.1
    error_message = "error rate was ${error_rate}"
  }
  check "queue drains" {
    condition     = ops.dropped == 0 && ops.ok + ops.failed == 1500
    error_message = "${ops.dropped} requests were dropped and ${ops.ok + ops.failed} of 1500 ran"
  }
}
