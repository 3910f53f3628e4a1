scenario "fault_typo" {
  driver = "redis"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "1s"
    step "ping" {}
  }
  fault "latncy" { # ERROR: Unknown fault kind
    delay = "10ms"
  }
}
