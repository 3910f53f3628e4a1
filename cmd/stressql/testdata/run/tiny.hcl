scenario "tiny_redis" {
  driver = "redis"
  tags   = ["smoke"]

  pool {
    pool_size = 4
  }

  load "pings" {
    pattern    = "burst"
    workers    = 4
    iterations = 40
    step "set" {
      key   = "k:${iteration % 8}"
      value = "v"
    }
  }

  check "every ping answered" {
    condition = ops.ok == 40 && errors.refused == 0
  }
}

scenario "tiny_postgres" {
  driver = "postgres"
  tags   = ["smoke"]

  load "selects" {
    pattern    = "burst"
    workers    = 2
    iterations = 20
    step "query" {
      sql  = "SELECT $1::int"
      args = [iteration]
    }
  }

  check "every query answered" {
    condition = ops.ok == 20
  }
}

scenario "tiny_impossible" {
  driver = "redis"
  tags   = ["impossible"]

  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 5
    step "ping" {}
  }

  check "impossible latency" {
    condition     = latency.max < 0
    error_message = "max latency was ${latency.max} ms"
  }
}
