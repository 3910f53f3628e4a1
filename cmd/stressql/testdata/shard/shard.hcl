# Scenarios of the sharding test (shard_e2e_test.go): run over 2 shards,
# then merged.

scenario "rate" {
  driver = "redis"
  load "r" {
    pattern  = "constant_rate"
    rate     = 1000
    duration = "4s"
    step "ping" {}
  }
  check "served" {
    condition = load.r.ops.ok >= 3960
  }
  # Evaluated over the merged series (shard.Replay).
  check "no failure in any second" {
    window    = "1s"
    condition = load.r.ops.failed == 0
  }
}

scenario "burst" {
  driver = "redis"
  load "b" {
    pattern    = "burst"
    workers    = 10
    iterations = 1001
    step "ping" {}
  }
  check "all" {
    condition = ops.ok == 1001
  }
}

# Each shard fails about 100 of its 2000 iterations: under the budget of
# 150, which the whole test (about 200 of 4000) breaks.
scenario "budget" {
  driver = "redis"
  load "e" {
    pattern    = "burst"
    workers    = 10
    iterations = 4000
    step "ping" {}
  }
  fault "error" {
    probability = 0.05
  }
  check "error budget" {
    condition = ops.failed < 150
  }
}
