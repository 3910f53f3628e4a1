# control-of: pool_behavior_with_slow_queries  must-fail: fast queries stay under 500 ms
# broken: max_conns 5: the slow queries take every connection (a copy of edge.hcl's pool_behavior_with_slow_queries).

scenario "pool_behavior_with_slow_queries__control" {
  driver      = "postgres"
  description = "5 slow queries (2s each) hold 5 connections; 10 fast queries sent meanwhile still get the other connections: at least 7 succeed, each in under 500 ms."
  tags        = ["edge", "concurrency"]

  pool {
    min_conns = local.edge_min_conns
    max_conns = 5
  }

  load "slow" {
    pattern = "burst"
    workers = 5
    step "query" {
      sql = "SELECT pg_sleep(2)"
    }
  }

  load "fast" {
    pattern     = "burst"
    workers     = 10
    start_after = "200ms"
    step "query" {
      sql = "SELECT 1"
    }
  }

  # 1998, not 2000: latencies are HDR values at 3 significant digits, so a
  # 2000 ms sleep can read as 1999.87 ms (docs/dsl.md, Results).
  check "the slow queries were slow and ran meanwhile" {
    condition     = load.slow.ops.ok == 5 && load.slow.latency.min >= 1998
    error_message = "${load.slow.ops.ok} of 5 slow queries, fastest ${load.slow.latency.min} ms"
  }
  check "at least 7 of 10 fast queries succeed" {
    condition     = load.fast.ops.ok >= 7
    error_message = "${load.fast.ops.ok} of 10 fast queries succeeded"
  }
  check "fast queries stay under 500 ms" {
    condition     = load.fast.latency.max < 500
    error_message = "slowest fast query took ${load.fast.latency.max} ms: slow queries held it up"
  }
}
