# control-of: connection_validation_failure  must-fail: invalid connections are replaced with fresh ones
# broken: no validation on acquire (a copy of edge.hcl's connection_validation_failure).

scenario "connection_validation_failure__control" {
  driver      = "postgres"
  description = "The server kills 5 connections while they are held; they go back to the pool broken, and the pool, validating on acquire, detects them and provides fresh connections, so later queries all succeed."
  tags        = ["edge", "recovery"]

  pool {
    min_conns       = local.edge_min_conns
    max_conns       = local.edge_max_conns
    ping_on_acquire = false
  }

  load "holders" {
    pattern = "burst"
    workers = 5
    step "hold" {
      duration = "600ms"
    }
  }

  fault "terminate" {
    after = "200ms"
  }

  load "after" {
    pattern     = "burst"
    workers     = 5
    start_after = "1s"
    step "query" {
      sql = "SELECT 1"
    }
  }

  check "holders returned their connections" {
    condition     = load.holders.ops.ok == 5
    error_message = "${load.holders.ops.ok} of 5 holders completed"
  }
  check "invalid connections are replaced with fresh ones" {
    condition     = load.after.ops.ok == 5 && pool.new_conns >= 5
    error_message = "${load.after.ops.ok} of 5 queries succeeded after the kill; ${pool.new_conns} fresh connections were opened"
  }
}
