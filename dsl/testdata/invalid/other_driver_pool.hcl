scenario "pg_setting_on_redis" {
  driver = "redis"
  pool {
    min_conns = 2 # ERROR: Pool setting of the other driver
    tls       = "require" # ERROR: Pool setting of the other driver
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "redis_setting_on_pg" {
  driver = "postgres"
  pool {
    pool_size = 5 # ERROR: Pool setting of the other driver
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
