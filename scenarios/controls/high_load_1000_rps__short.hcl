# control-of: high_load_1000_rps  must-fail: throughput at least 800 ops/s
# broken: 1000 rps for 2s instead of 5s: not sustained (a copy of postgres.hcl's high_load_1000_rps).

scenario "high_load_1000_rps__short__control" {
  driver      = "postgres"
  description = "A sustained 1000 requests/s for 5s is served at 800 ops/s or more with P95 under 50 ms."
  tags        = ["concurrency"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  load "requests" {
    pattern  = "constant_rate"
    rate     = 1000
    duration = "2s"
    step "query" {
      sql = "SELECT 1"
    }
  }

  check "throughput at least 800 ops/s" {
    # Sustained for the seed's 5 s: the 5000 requests were all scheduled.
    condition     = throughput >= 800 && ops.total == 5000
    error_message = "throughput was ${throughput} ops/s (${ops.ok} ok, ${ops.failed} failed, ${ops.dropped} dropped)"
  }
  check "p95 under 50 ms" {
    condition     = latency.p95 < 50
    error_message = "p95 was ${latency.p95} ms"
  }
}
