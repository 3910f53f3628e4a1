scenario "phased" {
  driver = "redis"
  phase "warm" {
    load "l" {
      pattern  = "constant_workers"
      workers  = 1
      duration = "1s"
      step "ping" {}
    }
  }
  fault "outage" { # ERROR: Fault outside a phase
    duration = "1s"
  }
}
