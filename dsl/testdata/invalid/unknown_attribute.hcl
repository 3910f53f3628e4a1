scenario "typos" {
  driver      = "postgres"
  discription = "typo" # ERROR: Unsupported argument
  pool {
    max_conn = 5 # ERROR: Unsupported argument
  }
  load "l" {
    pattern  = "burst"
    worker   = 2 # ERROR: Unsupported argument
    workers  = 2
    step "ping" {
      timeout = "1s" # ERROR: Unsupported argument
    }
    retyr { # ERROR: Unsupported block type
      attempts = 2
    }
  }
}
