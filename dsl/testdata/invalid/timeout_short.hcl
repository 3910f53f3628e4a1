scenario "timeout_short" {
  driver  = "postgres"
  timeout = "10s" # ERROR: Timeout shorter than the run
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "20s"
    step "ping" {}
  }
}
