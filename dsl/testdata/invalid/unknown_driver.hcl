scenario "driver_typo" {
  driver = "postgress" # ERROR: Unknown driver
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
