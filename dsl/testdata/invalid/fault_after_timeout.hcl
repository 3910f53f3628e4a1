scenario "late_fault" {
  driver  = "postgres"
  timeout = "5s"
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "3s"
    step "ping" {}
  }
  fault "latency" {
    delay    = "10ms"
    after    = "2s"
    duration = "4s" # ERROR: Fault window after the timeout
  }
}

scenario "late_in_second_phase" {
  driver  = "redis"
  timeout = "10s"
  phase "one" {
    load "l" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "6s"
      step "ping" {}
    }
  }
  phase "two" {
    load "l" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "3s"
      step "ping" {}
    }
    fault "terminate" {
      after = "5s" # ERROR: Fault window after the timeout | WARNING: Fault after the end of its phase
    }
  }
}
