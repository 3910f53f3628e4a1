scenario "ramp_to_nothing" {
  driver = "postgres"
  load "l" { # ERROR: Load runs no iterations
    pattern    = "ramping_rate"
    start_rate = 0
    stage {
      rate     = 0
      duration = "2s"
    }
    step "ping" {}
  }
}

scenario "stage_without_rate" {
  driver = "postgres"
  load "l" {
    pattern = "ramping_rate"
    stage { # ERROR: Missing required argument
      duration = "2s"
    }
    step "ping" {}
  }
  stage { # ERROR: Stage outside a load
    rate = 1
  }
}
