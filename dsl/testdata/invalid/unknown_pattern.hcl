scenario "pattern_typo" {
  driver = "redis"
  load "l" {
    pattern = "constant_rates" # ERROR: Unknown pattern
    rate    = 10
    step "ping" {}
  }
  load "m" { # ERROR: Missing required argument
    workers = 1
    step "ping" {}
  }
}
