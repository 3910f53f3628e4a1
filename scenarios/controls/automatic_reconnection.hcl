# control-of: automatic_reconnection  must-fail: retries carried operations over the outage
# broken: retries that never match the outage's errors (a copy of postgres.hcl's automatic_reconnection).

scenario "automatic_reconnection__control" {
  driver      = "postgres"
  description = "A 300 ms outage cuts every connection; with up to 3 tries per operation and backoff, at least 25 of 30 operations succeed because the pool reconnects once the server is back."
  tags        = ["recovery"]

  pool {
    min_conns = var.pg_min_conns
    max_conns = var.pg_max_conns
  }

  load "operations" {
    pattern  = "constant_rate"
    rate     = 10
    duration = "3s"
    timeout  = "3s"
    step "query" {
      sql = "SELECT 1"
    }
    retry {
      attempts = 3
      backoff  = "200ms"
      on       = ["injected"]
    }
  }

  fault "outage" {
    after    = "1s"
    duration = "300ms"
  }

  check "at least 25 of 30 operations succeed" {
    condition     = ops.ok >= 25 && ops.total == 30
    error_message = "${ops.ok} of ${ops.total} operations succeeded"
  }
  check "retries carried operations over the outage" {
    condition     = retries > 0 && pool.new_conns >= 1
    error_message = "${retries} retries and ${pool.new_conns} new connections: the outage was not retried through"
  }
  check "reconnects soon after the outage" {
    condition     = recovery_ms < 1000
    error_message = "first success came ${recovery_ms} ms after the outage ended"
  }
}
