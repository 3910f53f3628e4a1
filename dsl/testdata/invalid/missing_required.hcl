scenario "missing" {
  driver = "postgres"
  load "b" { # ERROR: Missing required argument
    pattern = "burst"
    step "query" { # ERROR: Missing required argument
      args = [1]
    }
  }
  load "r" { # ERROR: Missing required argument
    pattern  = "constant_rate"
    duration = "1s"
    step "hold" {} # ERROR: Missing required argument
    retry {} # ERROR: Missing required argument
    circuit_breaker { # ERROR: Missing required argument
      failure_threshold = 3
    }
  }
  load "ramp" { # ERROR: Missing stage
    pattern = "ramping_rate"
    step "tx" {} # ERROR: Missing required argument
  }
  fault "latency" {} # ERROR: Missing required argument
  fault "outage" { # ERROR: Missing required argument
    after = "1s"
  }
}
