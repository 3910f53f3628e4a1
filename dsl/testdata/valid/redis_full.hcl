# Every Redis pool setting, step and Redis-only fault.

variable "prefix" {
  default = "bench"
}

variable "keys" {
  type    = number
  default = 1000
}

scenario "redis_everything" {
  driver          = "redis"
  tags            = ["throughput"]
  allow_dangerous = true

  pool {
    pool_size          = 20
    min_idle_conns     = 2
    max_idle_conns     = 10
    max_active_conns   = 25
    pool_timeout       = "1s"
    dial_timeout       = "2s"
    read_timeout       = "1s"
    write_timeout      = "1s"
    conn_max_idle_time = "1m"
    conn_max_lifetime  = "10m"
    pool_fifo          = true
    db                 = 3
  }

  load "writes" {
    pattern  = "constant_rate"
    rate     = 200
    duration = "2s"
    step "set" {
      key   = "${var.prefix}:${iteration % var.keys}"
      value = "w${worker}-${iteration}"
      ttl   = "30s"
    }
    step "command" {
      args = ["INCRBY", "${var.prefix}:counter", iteration % 7 + 1]
    }
  }
  load "reads" {
    pattern  = "constant_workers"
    workers  = 8
    duration = "2s"
    step "get" {
      key = "${var.prefix}:${(iteration * 31 + worker) % var.keys}"
    }
    step "ping" {}
    step "sleep" {
      duration = "1ms"
    }
  }
  load "admin" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = ["CONFIG", "GET", "maxclients"]
    }
  }

  fault "pause" {
    after    = "500ms"
    duration = "200ms"
  }

  check "reads are fast" {
    condition = load.reads.latency.p99 < 100 && pool.reuse_ratio > 0.5
  }
  check "no leaks" {
    condition = server.conns.last <= 25 && process.goroutines.growth < 1000
  }
}
