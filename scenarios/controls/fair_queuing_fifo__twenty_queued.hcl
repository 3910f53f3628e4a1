# control-of: fair_queuing_fifo  must-fail: requests really queue
# broken: 40 workers: 20 requests queue instead of 10 (a copy of postgres.hcl's fair_queuing_fifo).

scenario "fair_queuing_fifo__twenty_queued__control" {
  driver      = "postgres"
  description = "30 workers cycle on a 20-connection pool, so 10 requests are always queued; served in order, every request waits about one turn, and none is starved."
  tags        = ["concurrency"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  load "cyclers" {
    pattern  = "constant_workers"
    workers  = var.pg_max_conns + 20
    duration = "2s"
    step "hold" {
      duration = "100ms"
    }
  }

  # 30 workers share 20 connections held 100 ms each: every worker gets a
  # connection 2 times in 3, so the mean wait is about 50 ms (10 queued
  # waits 10 x 100 ms / 20 = 50 ms; 20 queued would wait 100 ms).
  check "requests really queue" {
    condition     = acquire.mean >= 25 && acquire.mean < 80 && pool.total_conns.max <= var.pg_max_conns && server.conns.max <= var.pg_max_conns
    error_message = "mean acquire wait ${acquire.mean} ms with up to ${pool.total_conns.max} connections: the pool was not exhausted"
  }
  # Served in order, no request waits much more than one 100 ms hold.
  # Served out of order, workers that just released a connection would get
  # one again and the oldest waiters would wait for most of the 2s run.
  check "no request is starved" {
    # One 100 ms hold is the wait in order (the longest seen is 100-200 ms);
    # out of order the oldest waiters would wait for most of the 2s run.
    condition     = acquire.max < 400
    error_message = "a request waited ${acquire.max} ms for a connection while others were served"
  }
  check "every request is served" {
    condition     = error_rate == 0
    error_message = "${ops.failed} requests failed"
  }
}
