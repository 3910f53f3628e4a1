# allow_dangerous = true: the scenario may fail over a Sentinel set that
# is not stressql's own.

scenario "failover_allowed" {
  driver          = "redis"
  allow_dangerous = true
  topology {
    kind = "sentinel"
  }
  load "w" {
    pattern  = "constant_rate"
    rate     = 10
    duration = "2s"
    step "ping" {}
  }
  fault "failover" {
    after = "1s"
  }
}
