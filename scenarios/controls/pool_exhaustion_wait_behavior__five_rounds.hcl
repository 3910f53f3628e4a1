# control-of: pool_exhaustion_wait_behavior  must-fail: queued requests are served in the first release round
# broken: max_conns 8: the 40 requests need five release rounds (a copy of postgres.hcl's pool_exhaustion_wait_behavior).

scenario "pool_exhaustion_wait_behavior__five_rounds__control" {
  driver      = "postgres"
  description = "2x max_conns concurrent requests against a full pool all succeed: the second half waits in the queue for the first half's connections, for about one hold period, and none is refused."
  tags        = ["exhaustion"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = 8
  }

  load "requests" {
    pattern = "burst"
    workers = 2 * var.pg_max_conns
    step "hold" {
      duration = "500ms"
    }
  }

  check "all requests eventually succeed" {
    condition     = ops.ok == 2 * var.pg_max_conns && error_rate == 0
    error_message = "${ops.ok} of ${2 * var.pg_max_conns} requests succeeded (error rate ${error_rate})"
  }
  check "the excess really waited for a released connection" {
    condition     = acquire.max >= 400 && pool.total_conns.max <= var.pg_max_conns && server.conns.max <= var.pg_max_conns
    error_message = "longest acquire wait ${acquire.max} ms with up to ${pool.total_conns.max} connections: the pool did not make callers queue"
  }
  check "queued requests are served in the first release round" {
    condition     = acquire.max < 1500
    error_message = "a queued request waited ${acquire.max} ms, longer than the 500 ms hold of the request ahead of it allows"
  }
}
