# ../steady/ping.hcl with 15 ms of network latency on every round trip
# (the fault proxy delays each server -> client chunk).
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

  fault "latency" {
    delay = "15ms"
  }
}
