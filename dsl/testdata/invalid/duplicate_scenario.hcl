scenario "twice" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "twice" { # ERROR: Duplicate scenario
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
