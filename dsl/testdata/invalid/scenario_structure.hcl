scenario "nothing_to_do" { # ERROR: Scenario without load
  driver = "postgres"
}

scenario "loads_and_phases" {
  driver = "postgres"
  load "direct" { # ERROR: Loads beside phases
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
  phase "p" {
    load "l" {
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
  }
}

scenario "empty_phase" {
  driver = "postgres"
  phase "idle" {} # ERROR: Phase without loads
}
