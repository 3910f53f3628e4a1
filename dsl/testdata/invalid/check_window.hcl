scenario "window_attributes" {
  driver = "postgres"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "10s"
    step "ping" {}
  }
  check "abort alone" {
    condition = error_rate < 0.01
    abort     = true # ERROR: Abort without a window
  }
  check "not a multiple" {
    condition = error_rate < 0.01
    window    = "1500ms" # ERROR: Window not a multiple of the interval
  }
  check "below the interval" {
    condition = error_rate < 0.01
    window    = "250ms" # ERROR: Window not a multiple of the interval
  }
  check "zero" {
    condition = error_rate < 0.01
    window    = "0s" # ERROR: Zero duration
  }
  check "negative" {
    condition = error_rate < 0.01
    window    = "-1s" # ERROR: Negative duration
  }
  check "not a duration" {
    condition = error_rate < 0.01
    window    = 1 # ERROR: Invalid duration
  }
  check "abort not a bool" {
    condition = error_rate < 0.01
    window    = "1s"
    abort     = "yes" # ERROR: Incorrect attribute value type
  }
}

scenario "window_too_long" {
  driver = "postgres"
  phase "a" {
    load "l" {
      pattern  = "constant_workers"
      workers  = 1
      duration = "3s"
      step "ping" {}
    }
  }
  phase "b" {
    load "l" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
  }
  check "fits" {
    condition = error_rate < 0.01 && ops.dropped == 0
    window    = "5s"
    abort     = true
  }
  check "longer" {
    condition = error_rate < 0.01
    window    = "6s" # ERROR: Window longer than the scenario
  }
}

scenario "window_longer_than_estimate" {
  driver = "postgres"
  load "l" {
    pattern    = "burst"
    workers    = 1
    iterations = 2
    step "sleep" {
      duration = "1s"
    }
  }
  check "longer" {
    condition = error_rate < 0.01
    window    = "3s" # WARNING: Window longer than the scenario
  }
}
