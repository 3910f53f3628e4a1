# Parameter sweeps over a map and over a set.

scenario "acquire_timeout" {
  for_each = { "100ms" = 100, "500ms" = 500 }
  driver   = "postgres"
  pool {
    max_conns       = 1
    acquire_timeout = "${each.value}ms"
  }
  load "holders" {
    pattern = "burst"
    workers = 4
    step "hold" {
      duration = "${each.value * 2}ms"
    }
  }
  check "some time out" {
    condition     = errors.acquire_timeout > 0
    error_message = "with ${each.key}, nobody timed out"
  }
}

scenario "fifo_or_lifo" {
  for_each = toset(["fifo", "lifo"])
  driver   = "redis"
  pool {
    pool_fifo = each.key == "fifo"
  }
  load "l" {
    pattern = "burst"
    workers = 2
    step "get" {
      key = "${each.value}:${iteration}"
    }
  }
}
