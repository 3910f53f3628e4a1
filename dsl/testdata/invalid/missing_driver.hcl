scenario "no_driver" { # ERROR: Missing required argument
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
