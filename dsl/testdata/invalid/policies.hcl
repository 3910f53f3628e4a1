scenario "policies" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
    retry {
      attempts = 1 # ERROR: Value out of range
      jitter   = 2 # ERROR: Value out of range
      on       = ["reset", "refuse"] # ERROR: Unknown error kind
    }
    circuit_breaker {
      failure_threshold   = 0 # ERROR: Value out of range
      open_for            = "0s" # ERROR: Zero duration
      half_open_successes = 1.5 # ERROR: Not a whole number
    }
  }
}

scenario "backoff" {
  driver = "redis"
  load "m" {
    pattern = "burst"
    workers = 1
    step "ping" {}
    retry {
      attempts = 3
      backoff  = "2s" # ERROR: Backoff above max_backoff
    }
  }
}

scenario "retry_nothing" {
  driver = "redis"
  load "m" {
    pattern = "burst"
    workers = 1
    step "ping" {}
    retry {
      attempts = 3
      on       = [] # ERROR: Empty error kind list
    }
  }
}
