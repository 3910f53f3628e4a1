# One scenario of each outcome, for the summary's counts (honest_test.go).
# The test interrupts the run when counts_interrupted starts.

scenario "counts_pass" {
  driver = "redis"

  load "pings" {
    pattern    = "burst"
    workers    = 2
    iterations = 10
    step "ping" {}
  }

  check "every ping answered" {
    condition = ops.ok == 10
  }
}

scenario "counts_fail" {
  driver = "redis"

  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 5
    step "ping" {}
  }

  check "impossible latency" {
    condition = latency.max < 0
  }
}

scenario "counts_error" {
  driver  = "redis"
  timeout = "1s"

  # A 10 s blocking pop on a key nobody pushes to, cut by the timeout.
  load "pop" {
    pattern = "burst"
    workers = 2
    step "command" {
      args = ["BLPOP", "counts:empty", "10"]
    }
  }
}

scenario "counts_interrupted" {
  driver = "redis"

  load "pings" {
    pattern    = "constant_workers"
    workers    = 2
    duration   = "30s"
    think_time = "20ms"
    step "ping" {}
  }
}

scenario "counts_skipped" {
  driver = "redis"

  load "pings" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
