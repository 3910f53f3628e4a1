scenario "reset_per" {
  driver = "postgres"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "5s"
    step "query" {
      sql = "SELECT 1"
    }
  }
  fault "reset" {
    probability = 0.3
    per         = "query" # ERROR: Invalid reset unit
  }
  fault "reset" {
    probability    = 0.3
    spare_requests = 3 # ERROR: Spared requests without a per-request reset
  }
  fault "reset" {
    probability    = 0.3
    per            = "connection"
    spare_requests = 3 # ERROR: Spared requests without a per-request reset
  }
  fault "reset" {
    probability    = 0.3
    per            = "request"
    spare_requests = -1 # ERROR: Value out of range
  }
  fault "outage" {
    duration = "1s"
    per      = "request" # ERROR: Argument for another fault kind
  }
}
