# Expected iterations and durations of each pattern.

scenario "patterns" {
  driver  = "redis"
  timeout = "1m"
  load "rate" {
    pattern  = "constant_rate"
    rate     = 33.3
    duration = "1500ms"
    step "ping" {}
  }
  load "ramp" {
    pattern     = "ramping_rate"
    start_rate  = 10
    max_workers = 5
    stage {
      rate     = 30
      duration = "2s"
    }
    stage {
      rate     = 30
      duration = "1s"
    }
    stage {
      rate     = 0
      duration = "500ms"
    }
    step "ping" {}
  }
  load "loop" {
    pattern    = "constant_workers"
    workers    = 3
    duration   = "2s"
    think_time = "10ms"
    step "ping" {}
  }
  load "burst" {
    pattern    = "burst"
    workers    = 4
    iterations = 10
    step "sleep" {
      duration = "100ms"
    }
  }
}
