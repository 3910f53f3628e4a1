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

  load "cycles" {
    pattern    = "burst"
    workers    = 50
    iterations = 150
    step "acquire" {}
  }

  check "every cycle succeeds" {
    condition     = ops.ok == 200
    error_message = "${ops.ok} of 200 acquire/release cycles succeeded"
  }
  check "the pool counted every acquire" {
    condition     = pool.acquire_count == 200
    error_message = "pool counted ${pool.acquire_count} acquires for 200 cycles"
  }
  check "pool state is consistent after the race" {
    condition     = pool.total_conns.max <= var.pg_max_conns && pool.new_conns <= var.pg_max_conns - var.pg_min_conns && pool.in_use_conns.last == 0
    error_message = "pool reached ${pool.total_conns.max} connections; ${pool.in_use_conns.last} still marked in use at the end"
  }
}
