scenario "s" {
  driver = "postgres"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "10s"
    step "ping" {}
  }
  check "c" {
    condition = error_rate < 0.01
    window    = "1500ms"
    abort     = true
  }
}
