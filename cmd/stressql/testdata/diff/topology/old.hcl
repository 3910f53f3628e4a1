# A reviewer must see a change of deployment: the pool mode of the
# bouncer, a topology block added, another removed, a kind changed.

scenario "through_bouncer" {
  driver = "postgres"
  topology {
    kind              = "pgbouncer"
    pool_mode         = "session"
    default_pool_size = 2
  }
  pool {
    max_conns = 6
  }
  load "q" {
    pattern    = "burst"
    workers    = 6
    iterations = 60
    step "query" {
      sql = "SELECT 1"
    }
  }
}

scenario "on_sentinel" {
  driver = "redis"
  load "p" {
    pattern    = "burst"
    workers    = 2
    iterations = 10
    step "ping" {}
  }
}

scenario "on_cluster" {
  driver = "redis"
  topology {
    kind    = "cluster"
    masters = 3
  }
  load "p" {
    pattern    = "burst"
    workers    = 2
    iterations = 10
    step "ping" {}
  }
}

scenario "kind_changed" {
  driver = "redis"
  topology {
    kind    = "cluster"
    masters = 3
  }
  load "p" {
    pattern    = "burst"
    workers    = 2
    iterations = 10
    step "ping" {}
  }
}
