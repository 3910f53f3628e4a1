scenario "ranges" {
  driver = "postgres"
  pool {
    max_conns = 20000 # ERROR: Value out of range
    min_conns = -1 # ERROR: Value out of range
  }
  load "zero" {
    pattern = "burst"
    workers = 0 # ERROR: Value out of range
    step "ping" {}
  }
  load "huge" {
    pattern    = "burst"
    workers    = 200000 # ERROR: Value out of range
    iterations = 2.5 # ERROR: Not a whole number
    step "ping" {}
  }
  load "fast" {
    pattern     = "constant_rate"
    rate        = 2e6 # ERROR: Value out of range
    duration    = "1s"
    max_workers = 1e20 # ERROR: Value out of range
    step "ping" {}
  }
  load "still" {
    pattern  = "constant_rate"
    rate     = 0 # ERROR: Value out of range
    duration = "1s"
    step "ping" {}
  }
  fault "reset" {
    probability = 1.5 # ERROR: Value out of range
  }
}
