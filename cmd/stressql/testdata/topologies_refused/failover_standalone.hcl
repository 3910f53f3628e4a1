# A failover fault without a topology block: with --ephemeral the target
# is a single Redis server, which has nothing to fail over to.

scenario "failover_no_topology" {
  driver = "redis"
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
