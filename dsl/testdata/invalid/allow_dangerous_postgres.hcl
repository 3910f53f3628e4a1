scenario "pg_dangerous" {
  driver          = "postgres"
  allow_dangerous = true # ERROR: Setting for the other driver
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
