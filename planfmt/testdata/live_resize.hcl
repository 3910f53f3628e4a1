# A pool resize under traffic: a resize block inside a phase.
scenario "live_resize" {
  driver = "postgres"

  pool {
    acquire_timeout = "2s"
  }

  phase "traffic" {
    pool {
      min_conns = 2
      max_conns = 5
    }
    load "steady" {
      pattern  = "constant_rate"
      rate     = 60
      duration = "4s"
      step "query" {
        sql = "SELECT pg_sleep(0.05)"
      }
    }
    resize {
      after         = "2s"
      drain_timeout = "3s"
      pool {
        min_conns = 5
        max_conns = 15
      }
    }
  }

  check "seamless" {
    condition = phase.traffic.resize.in_flight_failed == 0 && phase.traffic.resize.duration_ms < 1000
  }
}
