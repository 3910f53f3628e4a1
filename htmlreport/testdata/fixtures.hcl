# Scenarios whose real runs are the golden JSON fixtures of the HTML report
# tests (testdata/*.json; testdata/README.md says how they were made).

scenario "sweep_pool" {
  for_each = { "1" = 1, "2" = 2, "4" = 4 }
  driver   = "postgres"
  tags     = ["sweep"]

  pool {
    max_conns       = each.value
    acquire_timeout = "200ms"
  }

  load "queries" {
    pattern  = "constant_rate"
    rate     = 150
    duration = "1500ms"
    step "query" {
      sql = "SELECT pg_sleep(0.01)"
    }
  }

  check "p99 under 500 ms" {
    condition     = latency.p99 < 500
    error_message = "p99 was ${latency.p99} ms"
  }
}

scenario "outage_and_recovery" {
  driver = "postgres"
  tags   = ["recovery"]

  pool {
    max_conns       = 4
    connect_timeout = "500ms"
    ping_on_acquire = true
  }

  phase "before" {
    load "queries" {
      pattern  = "constant_rate"
      rate     = 100
      duration = "1s"
      timeout  = "500ms"
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  phase "storm" {
    load "queries" {
      pattern  = "constant_rate"
      rate     = 100
      duration = "2s"
      timeout  = "500ms"
      step "query" {
        sql = "SELECT 1"
      }
    }
    fault "outage" {
      after    = "500ms"
      duration = "700ms"
    }
    fault "terminate" {
      after = "1600ms"
    }
  }

  check "some iterations failed during the outage" {
    condition     = phase.storm.ops.failed > 0
    error_message = "nothing failed: ${phase.storm.ops.failed}"
  }
  check "no errors before the storm" {
    condition = phase.before.error_rate == 0 && phase.before.ops.dropped == 0
  }
  check "p50 under 1 ms (fails: shows a failing check)" {
    condition     = latency.p50 < 0.001
    error_message = "p50 was ${latency.p50} ms"
  }
}

scenario "redis_closed_model" {
  driver = "redis"
  tags   = ["performance"]

  pool {
    pool_size = 4
  }

  load "clients" {
    pattern  = "constant_workers"
    workers  = 8
    duration = "1500ms"
    step "set" {
      key   = "k"
      value = "v"
    }
  }

  check "ops per second" {
    condition = throughput > 100
  }
}
