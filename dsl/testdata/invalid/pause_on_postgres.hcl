scenario "pause_pg" {
  driver = "postgres"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "2s"
    step "ping" {}
  }
  fault "pause" { # ERROR: Fault not supported by the driver
    duration = "1s"
  }
}
