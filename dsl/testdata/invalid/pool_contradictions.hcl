scenario "pg_min_above_max" {
  driver = "postgres"
  pool {
    min_conns = 15 # ERROR: Contradictory pool settings
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "redis_idle" {
  driver = "redis"
  pool {
    pool_size      = 4
    min_idle_conns = 6 # ERROR: Contradictory pool settings
    max_idle_conns = 2 # ERROR: Contradictory pool settings
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "phase_pool_falls_back" {
  driver = "postgres"
  pool {
    min_conns = 8
  }
  phase "small" {
    pool {
      max_conns = 4 # ERROR: Contradictory pool settings
    }
    load "l" {
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
  }
}
