# control-of: pool_resize_during_active_use  must-fail: the larger pool is in effect
# broken: the large pool is capped at 5 (a copy of edge.hcl's pool_resize_during_active_use).

scenario "pool_resize_during_active_use__control" {
  driver      = "postgres"
  description = "Traffic moves from a pool(min 2, max 5) to a pool(min 5, max 15) as it grows beyond what 5 connections carry: no request fails or is dropped, and each phase runs within its own pool's limits, the second one using more than 5 connections."
  tags        = ["edge", "configuration"]

  # About 3 queries in flight: the small pool is enough.
  phase "small" {
    pool {
      min_conns = 2
      max_conns = 5
    }
    load "traffic" {
      pattern  = "constant_rate"
      rate     = 60
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  # About 7.5 queries in flight: more than the small pool could hold.
  phase "large" {
    pool {
      min_conns = 5
      max_conns = 5
    }
    load "traffic" {
      pattern  = "constant_rate"
      rate     = 150
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
  }

  check "no disruption" {
    condition     = ops.ok == 420 && ops.failed == 0 && ops.dropped == 0
    error_message = "${ops.ok} of 420 requests succeeded, ${ops.failed} failed, ${ops.dropped} dropped"
  }
  check "each phase uses its pool" {
    condition     = phase.small.pool.total_conns.max <= 5 && phase.small.server.conns.max <= 5 && phase.large.pool.total_conns.min >= 5 && phase.large.pool.total_conns.max <= 15 && phase.large.server.conns.max <= 15
    error_message = "small phase up to ${phase.small.pool.total_conns.max} connections (max 5); large phase ${phase.large.pool.total_conns.min}..${phase.large.pool.total_conns.max} (min 5, max 15)"
  }
  check "the larger pool is in effect" {
    condition     = phase.large.pool.total_conns.max > 5
    error_message = "the large phase never used more than ${phase.large.pool.total_conns.max} connections: traffic did not move to the new pool"
  }
}
