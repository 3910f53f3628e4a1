# control-of: pool_resize_during_active_use  must-fail: safe resize under traffic
# broken: the old pool is closed 1ms after the swap, under the iterations in flight on it (a copy of edge.hcl's pool_resize_during_active_use).

scenario "pool_resize_during_active_use__no_drain__control" {
  driver      = "postgres"
  description = "Traffic moves from a pool(min 2, max 5) to a pool(min 5, max 15) while it runs, as it grows beyond what 5 connections carry: the iterations in flight at the swap finish on the old pool, no request fails or is dropped, the old pool closes with no connection left within a second, and the new one carries more than 5 connections."
  tags        = ["edge", "configuration"]

  # About 3 iterations in flight: the small pool is enough.
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
        sql = "SELECT pg_sleep(0.025)"
      }
      step "query" {
        sql = "SELECT pg_sleep(0.025)"
      }
    }
  }

  # About 7.5 iterations in flight: more than the small pool can hold. The
  # phase starts on the small pool; 250ms in, under this traffic, the pool
  # is resized. Each iteration acquires twice, so one in flight at the swap
  # needs the old pool until it ends: the drain must wait for it.
  phase "large" {
    load "traffic" {
      pattern  = "constant_rate"
      rate     = 150
      duration = "2s"
      step "query" {
        sql = "SELECT pg_sleep(0.025)"
      }
      step "query" {
        sql = "SELECT pg_sleep(0.025)"
      }
    }
    resize {
      after         = "250ms"
      drain_timeout = "1ms"
      pool {
        min_conns = 5
        max_conns = 15
      }
    }
  }

  check "no disruption" {
    condition     = ops.ok == 420 && ops.failed == 0 && ops.dropped == 0
    error_message = "${ops.ok} of 420 requests succeeded, ${ops.failed} failed, ${ops.dropped} dropped"
  }
  check "each phase uses its pool" {
    condition     = phase.small.pool.total_conns.max <= 5 && phase.small.server.conns.max <= 5 && phase.large.pool.total_conns.max <= 15 && phase.large.server.conns.max <= 20
    error_message = "small phase up to ${phase.small.pool.total_conns.max} connections (server ${phase.small.server.conns.max}; max 5); large phase up to ${phase.large.pool.total_conns.max} (max 15), server ${phase.large.server.conns.max} (max 5 + 15 while the old pool drains)"
  }
  check "the larger pool is in effect" {
    condition     = phase.large.pool.total_conns.max > 5
    error_message = "the large phase never used more than ${phase.large.pool.total_conns.max} connections: traffic did not move to the new pool"
  }
  check "safe resize under traffic" {
    condition     = phase.large.resize.count == 1 && phase.large.resize.in_flight > 0 && phase.large.resize.in_flight_failed == 0 && phase.large.resize.old_conns == 0 && phase.large.resize.duration_ms < 1000
    error_message = "${phase.large.resize.in_flight_failed} of ${phase.large.resize.in_flight} iterations in flight at the swap failed, the old pool left ${phase.large.resize.old_conns} connections, the resize took ${phase.large.resize.duration_ms} ms (open ${phase.large.resize.open_ms}, drain ${phase.large.resize.drain_ms}, close ${phase.large.resize.close_ms}; max 1000)"
  }
}
