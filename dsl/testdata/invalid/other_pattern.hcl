scenario "pattern_mixup" {
  driver = "postgres"
  load "b" {
    pattern    = "burst"
    workers    = 4
    think_time = "10ms" # ERROR: Argument for another pattern
    step "ping" {}
  }
  load "r" {
    pattern  = "constant_rate"
    rate     = 10
    duration = "1s"
    workers  = 4 # ERROR: Argument for another pattern
    stage { # ERROR: Block for another pattern
      rate     = 5
      duration = "1s"
    }
    step "ping" {}
  }
}
