# control-of: connection_churn_pattern  must-fail: error rate 0%
# broken: 200 cycles/s instead of 250 (a copy of edge.hcl's connection_churn_pattern).

scenario "connection_churn_pattern__control" {
  driver      = "postgres"
  description = "500 rapid acquire/release cycles: none fails, P95 stays under 50 ms, and the server's connection count is stable (variance under 20)."
  tags        = ["edge", "concurrency"]

  pool {
    min_conns = local.edge_min_conns
    max_conns = local.edge_max_conns
  }

  load "cycles" {
    pattern  = "constant_rate"
    rate     = 200
    duration = "2s"
    step "acquire" {}
  }

  check "error rate 0%" {
    condition     = ops.ok == 500 && error_rate == 0
    error_message = "${ops.ok} of 500 cycles succeeded"
  }
  check "p95 under 50 ms" {
    condition     = latency.p95 < 50
    error_message = "p95 was ${latency.p95} ms"
  }
  check "connection variance under 20" {
    condition     = server.conns.variance < 20
    error_message = "server connection count variance ${server.conns.variance} (min ${server.conns.min}, max ${server.conns.max})"
  }
}
