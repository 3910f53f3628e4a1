scenario "acquire_timeout" {
  for_each = { "short" = 100, "long" = 1000 }
  driver   = "postgres"
  pool {
    max_conns       = 1
    acquire_timeout = "${each.value}ms"
  }
  load "holders" {
    pattern = "burst"
    workers = 2
    step "hold" {
      duration = "200ms"
    }
  }
  check "waited at most the timeout" {
    condition = acquire.max <= each.value + 50
  }
}
