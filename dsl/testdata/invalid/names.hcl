scenario "has spaces" { # ERROR: Invalid scenario name
  driver = "postgres"
  load "my load" { # ERROR: Invalid load name
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "phase_names" {
  driver = "postgres"
  phase "1st" { # ERROR: Invalid phase name
    load "l" {
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
  }
  check "" { # ERROR: Empty check name
    condition = ops.ok > 0
  }
}
