# A steady rate for the run-over-time end-to-end test (overtime_test.go).
scenario "overtime_steady" {
  driver = "redis"
  load "ping" {
    pattern     = "constant_rate"
    rate        = 200
    duration    = "3s"
    max_workers = 20
    step "ping" {}
  }
  check "kept up" {
    condition = ops.dropped == 0 && ops.ok == 600 && lateness.count == 600
  }
  check "every second" {
    condition = error_rate < 0.5 && ops.dropped == 0
    window    = "1s"
  }
}
