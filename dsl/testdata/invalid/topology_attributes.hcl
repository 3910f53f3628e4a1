scenario "bouncer" {
  driver = "postgres"
  topology {
    kind              = "pgbouncer"
    pool_mode         = "transactoin" # ERROR: Invalid pool mode
    default_pool_size = 0             # ERROR: Value out of range
    max_client_conn   = 2.5           # ERROR: Not a whole number
    masters           = 3             # ERROR: Setting for another topology kind
    pool_size         = 4             # ERROR: Unsupported argument
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "small_bouncer" {
  driver = "postgres"
  topology {
    kind              = "pgbouncer"
    default_pool_size = 50
    max_client_conn   = 10 # ERROR: Value out of range
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "sentinels" {
  driver = "redis"
  topology {
    kind        = "sentinel"
    replicas    = 0        # ERROR: Value out of range
    sentinels   = 9        # ERROR: Value out of range
    master_name = "my set" # ERROR: Invalid master name
    pool_mode   = "session" # ERROR: Setting for another topology kind
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "small_cluster" {
  driver = "redis"
  topology {
    kind    = "cluster"
    masters = 2 # ERROR: Value out of range
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "failover_on_cluster" {
  driver = "redis"
  allow_dangerous = true
  topology {
    kind = "cluster"
  }
  load "l" {
    pattern = "constant_rate"
    rate     = 10
    duration = "2s"
    step "ping" {}
  }
  fault "failover" { # ERROR: Failover without Sentinel
    after = "1s"
  }
}
