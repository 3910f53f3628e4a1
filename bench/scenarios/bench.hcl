# The scenarios bench/compare runs through the real `stressql run --json`,
# one at a time (--filter NAME), side by side with bare client loops and
# the servers' C tools. The variables are set by bench/compare with --var;
# the defaults are the published method (docs/performance.md).

variable "duration" {
  description = "Length of each closed-model (throughput) run."
  default     = "10s"
}

variable "redis_conns" {
  description = "Workers and pool connections of the Redis throughput runs (redis-benchmark -c)."
  default     = 50
}

variable "pg_conns" {
  description = "Workers and pool connections of the PostgreSQL runs (pgbench -c)."
  default     = 20
}

variable "rate" {
  description = "Iterations per second of the open-model run."
  default     = 1000
}

variable "rate_duration" {
  description = "Length of the open-model run."
  default     = "5s"
}

variable "min_idle_conns" {
  description = "Connections the open-model run's pool opens before it starts (the memory runs open all of them)."
  default     = 20
}

variable "max_workers" {
  description = "Workers (and Redis connections) of the open-model run."
  default     = 100
}

scenario "bench_redis_ping" {
  driver      = "redis"
  description = "Throughput of PING: redis_conns workers back to back on as many connections."
  tags        = ["bench"]

  pool {
    pool_size      = var.redis_conns
    min_idle_conns = var.redis_conns
  }

  load "ping" {
    pattern  = "constant_workers"
    workers  = var.redis_conns
    duration = var.duration
    step "ping" {}
  }
}

scenario "bench_redis_set" {
  driver      = "redis"
  description = "Throughput of SET of a 3-byte value over 1000 keys (redis-benchmark -t set -r 1000)."
  tags        = ["bench"]

  pool {
    pool_size      = var.redis_conns
    min_idle_conns = var.redis_conns
  }

  load "set" {
    pattern  = "constant_workers"
    workers  = var.redis_conns
    duration = var.duration
    step "set" {
      key   = "bench:${iteration % 1000}"
      value = "xxx"
    }
  }
}

scenario "bench_pg_select1" {
  driver      = "postgres"
  description = "Throughput of SELECT 1: pg_conns workers back to back on as many connections."
  tags        = ["bench"]

  pool {
    min_conns = var.pg_conns
    max_conns = var.pg_conns
  }

  load "select1" {
    pattern  = "constant_workers"
    workers  = var.pg_conns
    duration = var.duration
    step "query" {
      sql = "SELECT 1"
    }
  }
}

scenario "bench_pg_acquire" {
  driver      = "postgres"
  description = "Acquire and release a pooled connection, no I/O: the engine's and driver's own cost."
  tags        = ["bench"]

  pool {
    min_conns = var.pg_conns
    max_conns = var.pg_conns
  }

  load "acquire" {
    pattern  = "constant_workers"
    workers  = var.pg_conns
    duration = var.duration
    step "acquire" {}
  }
}

scenario "bench_redis_rate" {
  driver      = "redis"
  description = "PING at a constant rate: achieved ÷ target, dispatch lateness, peak RSS over time."
  tags        = ["bench"]

  pool {
    pool_size      = var.max_workers
    min_idle_conns = var.min_idle_conns
  }

  load "ping" {
    pattern     = "constant_rate"
    rate        = var.rate
    duration    = var.rate_duration
    max_workers = var.max_workers
    step "ping" {}
  }
}
