scenario "idle" {
  driver = "postgres"
  load "nothing" { # ERROR: Load without steps
    pattern = "burst"
    workers = 1
  }
  load "fallback_only" {
    pattern = "burst"
    workers = 1
    step "ping" {}
    fallback {} # ERROR: Fallback without steps
  }
}
