scenario "pause_not_allowed" {
  driver = "redis"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "2s"
    step "ping" {}
  }
  fault "pause" { # ERROR: Dangerous fault
    after    = "500ms"
    duration = "300ms"
  }
}

scenario "pause_in_a_phase" {
  driver = "redis"
  phase "p" {
    load "l" {
      pattern  = "constant_workers"
      workers  = 1
      duration = "2s"
      step "ping" {}
    }
    fault "pause" { # ERROR: Dangerous fault
      duration = "300ms"
    }
  }
}
