scenario "redis_sweep" {
  for_each = { "fast" = 100, "slow" = 10 }
  driver   = "redis"
  tags     = ["sweep", "rate"]

  pool {
    pool_size = 5
  }

  load "setters" {
    pattern  = "constant_rate"
    rate     = each.value
    duration = "1s"
    step "set" {
      key   = "k:${iteration % 100}"
      value = "v"
    }
  }

  check "no errors" {
    condition = error_rate == 0 && ops.dropped == 0
  }
}
