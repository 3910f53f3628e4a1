scenarios "typo" { # ERROR: Unsupported block type
  driver = "postgres"
}

max_conns = 5 # ERROR: Unsupported argument

scenario "ok" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
