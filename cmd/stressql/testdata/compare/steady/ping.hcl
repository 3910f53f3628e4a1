# The same scenario as ../slow/ping.hcl without its fault: compare_test.go
# runs it twice (no regression) and against the slow one (a regression).
scenario "compare_ping" {
  driver = "redis"

  pool {
    pool_size = 4
  }

  load "pings" {
    pattern  = "constant_rate"
    rate     = 100
    duration = "3s"
    step "ping" {}
  }
}
