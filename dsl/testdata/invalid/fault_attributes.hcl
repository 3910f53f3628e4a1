scenario "fault_attrs" {
  driver = "redis"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "5s"
    step "ping" {}
  }
  fault "dns" {
    after = "1s" # ERROR: Fault without a window
  }
  fault "terminate" {
    duration = "1s" # ERROR: Instant fault
  }
  fault "latency" {
    delay       = "5ms"
    probability = 0.5 # ERROR: Argument for another fault kind
    direction   = "sideways" # ERROR: Invalid direction
  }
  fault "error" {
    probability = 0.1
    load        = "l2" # ERROR: Unknown load
  }
}
