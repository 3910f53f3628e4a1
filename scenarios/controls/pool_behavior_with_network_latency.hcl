# control-of: pool_behavior_with_network_latency  must-fail: mean latency over 400 ms
# broken: 100 ms latency instead of 500 ms (a copy of edge.hcl's pool_behavior_with_network_latency).

scenario "pool_behavior_with_network_latency__control" {
  driver      = "postgres"
  description = "With 500 ms of added network latency, at least 15 of 20 queries still succeed within a 2s timeout, and their mean latency shows the delay (over 400 ms)."
  tags        = ["edge", "performance"]

  pool {
    min_conns       = local.edge_min_conns
    max_conns       = local.edge_max_conns
    connect_timeout = "10s"
  }

  load "queries" {
    pattern    = "burst"
    workers    = 5
    iterations = 20
    timeout    = "2s"
    step "query" {
      sql = "SELECT 1"
    }
  }

  fault "latency" {
    delay = "100ms"
  }

  check "at least 15 of 20 succeed" {
    condition     = ops.ok >= 15
    error_message = "${ops.ok} of 20 queries succeeded (${errors.timeout} timed out)"
  }
  check "mean latency over 400 ms" {
    condition     = latency.mean > 400
    error_message = "mean latency ${latency.mean} ms: the 500 ms network delay did not apply"
  }
}
