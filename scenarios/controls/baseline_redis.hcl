# control-of: baseline_redis  must-fail: connection reuse above 90%
# broken: connections live 1 ms: every operation dials (a copy of baseline.hcl's baseline_redis).

scenario "baseline_redis__control" {
  driver      = "redis"
  description = "The seed's Redis baselines: acquisition P95 < 1 ms, release P95 < 1 ms, GET/SET P95 < 5 ms, throughput > 10,000 ops/s, reuse > 90%, error rate under extreme load < 5%."
  tags        = ["baseline", "performance"]

  pool {
    pool_size         = local.baseline_redis_pool_size
    conn_max_lifetime = "1ms"
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
