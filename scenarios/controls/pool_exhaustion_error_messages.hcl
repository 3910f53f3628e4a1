# control-of: pool_exhaustion_error_messages  must-fail: exhaustion is reported as acquire_timeout
# broken: 10 callers beyond the pool instead of 5 (a copy of postgres.hcl's pool_exhaustion_error_messages).

scenario "pool_exhaustion_error_messages__control" {
  driver      = "postgres"
  description = "When the pool is exhausted, every failure is reported as acquire_timeout (the pool was full) and none as a generic or query error, so the report says what went wrong."
  tags        = ["exhaustion"]

  # The pool opens all its connections first (min_conns = max_conns, not
  # the fixture's 5): with 15 to dial when the burst came, a loaded
  # machine took longer than the 200 ms to dial them and 11, not 5,
  # callers timed out.
  pool {
    min_conns       = var.pg_max_conns
    max_conns       = var.pg_max_conns
    acquire_timeout = "200ms"
  }

  load "holders" {
    pattern = "burst"
    workers = var.pg_max_conns + 10
    step "hold" {
      duration = "1s"
    }
  }

  check "exhaustion is reported as acquire_timeout" {
    condition     = errors.acquire_timeout == 5
    error_message = "${errors.acquire_timeout} acquire_timeout errors; want the 5 holders beyond max_conns"
  }
  check "no failure is misclassified" {
    condition     = ops.failed == errors.acquire_timeout && errors.other == 0 && errors.query == 0 && errors.timeout == 0
    error_message = "${ops.failed} failures: ${errors.acquire_timeout} acquire_timeout, ${errors.other} other, ${errors.query} query, ${errors.timeout} timeout"
  }
  # "Debugging information quality": the first acquire_timeout's message
  # (as pgxpool and the driver reported it) names the pool and the wait,
  # e.g. "acquire: timed out waiting for a pool connection after 201ms: ...",
  # and the wait it names is the configured 200 ms.
  check "the error message names the pool and the wait" {
    condition     = length(split("waiting for a pool connection after ", error_examples.acquire_timeout.message)) == 2 && tonumber(split("ms", split("waiting for a pool connection after ", error_examples.acquire_timeout.message)[1])[0]) >= 200 && tonumber(split("ms", split("waiting for a pool connection after ", error_examples.acquire_timeout.message)[1])[0]) < 300
    error_message = "the first acquire_timeout said \"${error_examples.acquire_timeout.message}\": it should name the pool and the 200 ms wait"
  }
  check "holders inside the limit succeed" {
    condition     = ops.ok == var.pg_max_conns
    error_message = "${ops.ok} holders succeeded; want ${var.pg_max_conns}"
  }
}
