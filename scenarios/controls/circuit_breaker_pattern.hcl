# control-of: circuit_breaker_pattern  must-fail: the circuit opens after 5 failures
# broken: a breaker threshold of 3 (a copy of redis.hcl's circuit_breaker_pattern).

scenario "circuit_breaker_pattern__control" {
  driver      = "redis"
  description = "During a 1.5s outage the breaker opens after 5 consecutive failures, then fails fast (most calls rejected without I/O); after the outage it closes again and requests succeed."
  tags        = ["failover"]

  pool {
    pool_size    = var.redis_pool_size
    dial_timeout = "500ms"
  }

  # One caller, every 20 ms (about 50 requests/s): calls never overlap,
  # so the failures that open the breaker are counted exactly even when a
  # loaded machine stalls the scheduler (an open model then starts the
  # overdue calls together, and one more can fail while the 5th opens it).
  load "requests" {
    pattern    = "constant_workers"
    workers    = 1
    duration   = "4s"
    think_time = "20ms"
    timeout    = "500ms"
    step "set" {
      key   = "breaker:${iteration}"
      value = "v"
    }
    circuit_breaker {
      failure_threshold = 3
      open_for          = "500ms"
    }
  }

  fault "outage" {
    after    = "1s"
    duration = "1500ms"
  }

  # Every real failure (one that reached the server, not rejected by the
  # breaker) is either one of the run of consecutive failures that opened
  # the breaker the first time, or the single half-open trial that failed
  # and opened it again (half_open_successes = 1 admits one trial). So the
  # real failures minus the re-openings (opened - 1) are the failures it
  # took to open it: exactly 5. A threshold of 4 or 6 fails this check.
  check "the circuit opens after 5 failures" {
    condition     = breaker.opened >= 1 && breaker.rejected > 0 && (ops.failed - errors.breaker_open) - (breaker.opened - 1) == 5
    error_message = "breaker opened ${breaker.opened} times after ${ops.failed - errors.breaker_open} real failures: ${(ops.failed - errors.breaker_open) - (breaker.opened - 1)} consecutive failures opened it the first time, want 5"
  }
  check "open circuit fails fast" {
    condition     = errors.breaker_open > (ops.failed - errors.breaker_open)
    error_message = "${errors.breaker_open} calls were rejected by the open breaker, ${ops.failed - errors.breaker_open} still went to the server and failed"
  }
  check "the circuit closes on recovery" {
    condition     = breaker.closed >= 1 && recovery_ms < 1500
    error_message = "breaker closed ${breaker.closed} times; first success ${recovery_ms} ms after the outage"
  }
}
