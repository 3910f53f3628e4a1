# A burst against a small pool: the defaults of everything not written
# here show in the plan.
variable "pg_max_conns" {
  default = 20
}

scenario "pool_max_size_enforcement" {
  driver      = "postgres"
  description = "The pool never opens more than max_conns; excess callers queue, then time out cleanly."
  tags        = ["exhaustion", "pool"]
  timeout     = "30s"

  pool {
    min_conns       = 5
    max_conns       = var.pg_max_conns
    acquire_timeout = "500ms"
  }

  load "holders" {
    pattern    = "burst"
    workers    = 40
    iterations = 40
    step "hold" {
      duration = "1s"
    }
  }

  load "queries" {
    pattern     = "constant_workers"
    workers     = 2
    duration    = "2s"
    think_time  = "10ms"
    start_after = "500ms"
    step "query" {
      sql  = "SELECT $1::int + $2::int"
      args = [iteration % 10, worker]
    }
    step "tx" {
      statements = ["CREATE TABLE IF NOT EXISTS t (id int)", "INSERT INTO t VALUES (1)"]
    }
  }

  check "pool never exceeds max" {
    condition     = pool.total_conns.max <= var.pg_max_conns
    error_message = "pool grew to ${pool.total_conns.max} connections"
  }
  check "excess callers time out" {
    condition = errors.acquire_timeout == 20 && latency.p99 < 2000
  }
}
