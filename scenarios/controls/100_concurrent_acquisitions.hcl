# control-of: 100_concurrent_acquisitions  must-fail: pool stays within max_conns
# broken: max_conns 200: the pool is not capped at the seed's 20 (a copy of postgres.hcl's 100_concurrent_acquisitions).

scenario "100_concurrent_acquisitions__control" {
  driver      = "postgres"
  description = "100 concurrent acquisitions on a 20-connection pool all succeed with P95 under 100 ms and more than 50 ops/s."
  tags        = ["concurrency"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = 10 * var.pg_max_conns
  }

  load "acquisitions" {
    pattern = "burst"
    workers = 100
    step "query" {
      sql = "SELECT 1"
    }
  }

  check "all operations succeed" {
    condition     = ops.ok == 100
    error_message = "${ops.ok} of 100 acquisitions succeeded"
  }
  check "p95 under 100 ms" {
    condition     = latency.p95 < 100
    error_message = "p95 was ${latency.p95} ms"
  }
  check "throughput above 50 ops/s" {
    condition     = throughput > 50
    error_message = "throughput was ${throughput} ops/s"
  }
  check "pool stays within max_conns" {
    condition     = pool.total_conns.max <= var.pg_max_conns && pool.new_conns <= var.pg_max_conns - var.pg_min_conns
    error_message = "pool grew to ${pool.total_conns.max} connections and opened ${pool.new_conns} beyond its ${var.pg_min_conns} warm ones"
  }
}
