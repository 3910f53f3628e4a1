# A check whose arithmetic divides by zero: HCL makes it +Inf and the
# comparison true; the check must fail and say why (counts_test.go).

scenario "nonfinite" {
  driver = "redis"

  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 3
    step "ping" {}
  }

  check "ratio" {
    condition     = ops.ok / ops.dropped > 1
    error_message = "ratio ${ops.ok / ops.dropped}"
  }
}
