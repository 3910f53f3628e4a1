scenario "pg_sentinel" {
  driver = "postgres"
  topology {
    kind = "sentinel" # ERROR: Topology of another driver
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "redis_typo" {
  driver = "redis"
  topology {
    kind = "clustre" # ERROR: Unknown topology kind
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "redis_nokind" {
  driver = "redis"
  topology { # ERROR: Missing required argument
    masters = 3
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "twice" {
  driver = "redis"
  topology {
    kind = "standalone"
  }
  topology { # ERROR: Duplicate topology block
    kind = "cluster"
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
