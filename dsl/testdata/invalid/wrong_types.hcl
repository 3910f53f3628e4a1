scenario "types" {
  driver          = "postgres"
  tags            = "exhaustion" # ERROR: Incorrect attribute value type
  allow_dangerous = "maybe" # ERROR: Incorrect attribute value type | Setting for the other driver
  pool {
    max_conns = "ten" # ERROR: Incorrect attribute value type
    enabled   = [true] # ERROR: Incorrect attribute value type
  }
  load "l" {
    pattern = ["burst"] # ERROR: Incorrect attribute value type
    workers = { n = 1 } # ERROR: Incorrect attribute value type
    step "ping" {}
  }
}
