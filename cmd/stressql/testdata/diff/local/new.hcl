locals {
  max_error_rate = 0.05
  keys           = 10
}

scenario "sessions" {
  driver = "redis"
  load "writes" {
    pattern    = "burst"
    workers    = 4
    iterations = 40
    step "set" {
      key   = "sess:${iteration % local.keys}"
      value = "v"
    }
  }
  check "few errors" {
    condition = error_rate < local.max_error_rate
  }
}
