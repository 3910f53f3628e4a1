scenario "confused" { # ERROR: Missing required argument
  driver { # ERROR: Unsupported block type
  }
  pool = { max_conns = 5 } # ERROR: Unsupported argument
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
  step "ping" {} # ERROR: Step outside a load
}

scenario "check_in_phase" {
  driver = "postgres"
  phase "p" {
    load "m" {
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
    check "inside" { # ERROR: Check inside a phase
      condition = ops.ok > 0
    }
  }
}
