scenario "durations" {
  driver  = "postgres"
  timeout = "5 seconds" # ERROR: Invalid duration
  pool {
    acquire_timeout   = "-1s" # ERROR: Negative duration
    connect_timeout   = "0s" # ERROR: Zero duration
    max_conn_lifetime = 30 # ERROR: Invalid duration
  }
  load "l" {
    pattern     = "constant_workers"
    workers     = 1
    duration    = "48h" # ERROR: Duration too long
    start_after = "1d" # ERROR: Invalid duration
    step "sleep" {
      duration = "" # ERROR: Invalid duration
    }
  }
}
