scenario "s" {
  driver = "postgres"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "10s"
    step "ping" {}
  }
  check "no errors in any second" {
    condition = error_rate < 0.01
    window    = "1s" # evaluated on each interval of this length
    abort     = true # stop the scenario at the first failing window
  }
}
