# The seed's "Performance Baselines Documented" tables
# (connection-pool-stress-suite.md), one check per row, tagged `baseline`:
#
#   stressql run scenarios/ --tag baseline
#
# They are not seed tests (scenarios_test.go keeps those to the 50), but
# run with the suite. Where a row conflicts with a number of a seed test,
# the test keeps its own number in its scenario and the row applies here,
# to the load it describes; scenarios/README.md lists each conflict.

locals {
  # The seed's fixtures (test_postgres_pool min=5, max=20;
  # test_redis_pool max_connections=50), repeated here so that this file
  # can be run on its own, as edge.hcl does.
  baseline_pg_min_conns    = 5
  baseline_pg_max_conns    = 20
  baseline_redis_pool_size = 50
}

scenario "baseline_postgres" {
  driver      = "postgres"
  description = "The seed's PostgreSQL baselines: acquisition P95 < 10 ms, release P95 < 5 ms, query P95 < 50 ms, throughput > 100 ops/s, exhaustion wait < 1000 ms, error rate under extreme load < 5%."
  tags        = ["baseline", "performance"]

  pool {
    min_conns       = local.baseline_pg_min_conns
    max_conns       = local.baseline_pg_max_conns
    acquire_timeout = "5s"
  }

  # Normal use, one caller each (a closed model, so that the open-model
  # scheduler's lateness on a loaded 2-core machine is not in the
  # latency): 1000 queries of SELECT 1 and 1000 bare acquire-and-release
  # cycles, whose latency is acquire + release.
  phase "normal" {
    load "queries" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "query" {
        sql = "SELECT 1"
      }
    }
    load "cycles" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "acquire" {}
    }
  }

  # Extreme load: twice the pool's connections, each holding one 100 ms.
  phase "extreme" {
    load "holders" {
      pattern  = "constant_workers"
      workers  = 2 * local.baseline_pg_max_conns
      duration = "2s"
      step "hold" {
        duration = "100ms"
      }
    }
  }

  check "connection acquisition p95 under 10 ms" {
    condition     = phase.normal.acquire.p95 < 10
    error_message = "acquisition p95 was ${phase.normal.acquire.p95} ms"
  }
  check "connection release p95 under 5 ms" {
    # release is not timed on its own; an acquire-and-release cycle is
    # both, so this bound is stricter than the row.
    condition     = phase.normal.load.cycles.latency.p95 < 5
    error_message = "acquire-and-release p95 was ${phase.normal.load.cycles.latency.p95} ms"
  }
  check "query execution p95 under 50 ms" {
    condition     = phase.normal.load.queries.latency.p95 < 50
    error_message = "query p95 was ${phase.normal.load.queries.latency.p95} ms"
  }
  check "throughput above 100 ops/s" {
    condition     = phase.normal.load.queries.throughput > 100
    error_message = "one caller ran ${phase.normal.load.queries.throughput} queries/s"
  }
  check "pool exhaustion wait under 1000 ms" {
    condition     = phase.extreme.acquire.max < 1000 && phase.extreme.acquire.mean >= 25
    error_message = "under exhaustion the longest wait was ${phase.extreme.acquire.max} ms (mean ${phase.extreme.acquire.mean} ms)"
  }
  check "error rate under extreme load below 5%" {
    condition     = phase.extreme.error_rate < 0.05
    error_message = "error rate under extreme load was ${phase.extreme.error_rate}"
  }
}

scenario "baseline_redis" {
  driver      = "redis"
  description = "The seed's Redis baselines: acquisition P95 < 1 ms, release P95 < 1 ms, GET/SET P95 < 5 ms, throughput > 10,000 ops/s, reuse > 90%, error rate under extreme load < 5%."
  tags        = ["baseline", "performance"]

  pool {
    pool_size = local.baseline_redis_pool_size
  }

  # One caller: each PING is an acquire, a round trip and a release.
  phase "single" {
    load "pings" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "ping" {}
    }
    load "sets" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "set" {
        key   = "baseline:${iteration % 100}"
        value = "v"
      }
    }
    load "gets" {
      pattern    = "burst"
      workers    = 1
      iterations = 1000
      step "get" {
        key = "baseline:${iteration % 100}"
      }
    }
  }

  # As fast as 10 callers can go: throughput.
  phase "throughput" {
    load "getset" {
      pattern  = "constant_workers"
      workers  = 10
      duration = "2s"
      step "set" {
        key   = "baseline:${iteration % 100}"
        value = "v"
      }
      step "get" {
        key = "baseline:${iteration % 100}"
      }
    }
  }

  # Extreme load: three callers per connection.
  phase "extreme" {
    load "burst" {
      pattern = "burst"
      workers = 3 * local.baseline_redis_pool_size
      step "set" {
        key   = "baseline:x:${iteration}"
        value = "v"
      }
    }
  }

  check "connection acquisition p95 under 1 ms" {
    # go-redis does not time the acquire apart; a PING is acquire, round
    # trip and release, so this bound is stricter than the row.
    condition     = phase.single.load.pings.latency.p95 < 1
    error_message = "PING p95 was ${phase.single.load.pings.latency.p95} ms"
  }
  check "connection release p95 under 1 ms" {
    condition     = phase.single.load.sets.latency.p95 < 1
    error_message = "SET p95 (acquire, SET, release) was ${phase.single.load.sets.latency.p95} ms"
  }
  check "GET/SET p95 under 5 ms" {
    # Measured without contention: at full throughput (the next phase) the
    # CPU, not the pool, sets the latency of a 2-core machine.
    condition     = phase.single.load.sets.latency.p95 < 5 && phase.single.load.gets.latency.p95 < 5
    error_message = "SET p95 ${phase.single.load.sets.latency.p95} ms, GET p95 ${phase.single.load.gets.latency.p95} ms"
  }
  check "throughput above 10,000 ops/s" {
    # Two operations per iteration.
    condition     = 2 * phase.throughput.throughput > 10000
    error_message = "${2 * phase.throughput.throughput} operations/s"
  }
  check "connection reuse above 90%" {
    condition     = pool.reuse_ratio > 0.9
    error_message = "reuse ratio ${pool.reuse_ratio} (${pool.hits} hits, ${pool.misses} dials)"
  }
  check "error rate under extreme load below 5%" {
    condition     = phase.extreme.error_rate < 0.05
    error_message = "error rate under extreme load was ${phase.extreme.error_rate}"
  }
}
