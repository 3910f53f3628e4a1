scenario "step_typo" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "qeury" { # ERROR: Unknown step kind
      sql = "SELECT 1"
    }
  }
}
