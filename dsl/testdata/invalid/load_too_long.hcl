scenario "forever" {
  driver = "postgres"
  pool {
    max_conns = 1
  }
  load "holders" { # ERROR: Load runs too long
    pattern    = "burst"
    workers    = 10
    iterations = 100000
    step "hold" {
      duration = "1s"
    }
  }
}
