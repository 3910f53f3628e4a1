scenario "fast" {
  driver = "postgres"

  load "pings" {
    pattern = "burst"
    workers = 4
    step "ping" {}
  }

  check "fast" {
    condition = latency.p59 < 5
  }
  check "typo in load name" {
    condition = load.pigns.ops.ok > 0
  }
}
