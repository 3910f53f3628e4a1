# control-of: connection_release_race_conditions  must-fail: every cycle succeeds; the pool counted every acquire
# broken: 150 cycles instead of 200 (a copy of postgres.hcl's connection_release_race_conditions).

scenario "connection_release_race_conditions__control" {
  driver      = "postgres"
  description = "200 rapid acquire/release cycles from 50 concurrent workers leave the pool consistent: every acquire is counted, the cap holds, and every connection is back in the pool at the end."
  tags        = ["concurrency"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  # Each cycle keeps its connection 1 ms: a bare acquire-and-release
  # takes about 1 us, and 50 workers on 2 cores then never overlapped
  # beyond the 5 warm connections (pgxpool counted no empty acquire).
  load "cycles" {
    pattern    = "burst"
    workers    = 50
    iterations = 150
    step "hold" {
      duration = "1ms"
    }
  }

  check "every cycle succeeds" {
    condition     = ops.ok == 200
    error_message = "${ops.ok} of 200 acquire/release cycles succeeded"
  }
  check "the pool counted every acquire" {
    condition     = pool.acquire_count == 200
    error_message = "pool counted ${pool.acquire_count} acquires for 200 cycles"
  }
  check "the cycles really race" {
    # Acquires found every connection taken while others released theirs.
    condition     = pool.empty_acquire_count > 0
    error_message = "no acquire found the pool empty: the cycles did not overlap"
  }
  check "pool state is consistent after the race" {
    condition     = pool.total_conns.max <= var.pg_max_conns && pool.new_conns <= var.pg_max_conns - var.pg_min_conns && pool.in_use_conns.last == 0
    error_message = "pool reached ${pool.total_conns.max} connections; ${pool.in_use_conns.last} still marked in use at the end"
  }
}
