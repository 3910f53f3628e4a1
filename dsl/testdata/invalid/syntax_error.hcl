scenario "broken" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = # ERROR: Invalid expression
    step "ping" {}
  }
}
