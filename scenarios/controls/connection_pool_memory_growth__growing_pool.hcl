# control-of: connection_pool_memory_growth  must-fail: memory plateaus
# broken: in the last round the pool grows to 2000 connections under traffic (40 times the seed's 50), so memory does not plateau (a copy of redis.hcl's connection_pool_memory_growth).

scenario "connection_pool_memory_growth__growing_pool__control" {
  driver      = "redis"
  description = "5 phases of 200 operations: resident memory grows by less than 150 MB overall and plateaus (the last phase adds less than 10 MB)."
  tags        = ["memory"]

  pool {
    pool_size = var.redis_pool_size
  }

  phase "round1" {
    load "operations" {
      pattern  = "constant_rate"
      rate     = 200
      duration = "1s"
      step "set" {
        key   = "growth:${iteration}"
        value = "value-${iteration}"
      }
    }
  }

  phase "round2" {
    load "operations" {
      pattern  = "constant_rate"
      rate     = 200
      duration = "1s"
      step "set" {
        key   = "growth:${iteration}"
        value = "value-${iteration}"
      }
    }
  }

  phase "round3" {
    load "operations" {
      pattern  = "constant_rate"
      rate     = 200
      duration = "1s"
      step "set" {
        key   = "growth:${iteration}"
        value = "value-${iteration}"
      }
    }
  }

  phase "round4" {
    load "operations" {
      pattern  = "constant_rate"
      rate     = 200
      duration = "1s"
      step "set" {
        key   = "growth:${iteration}"
        value = "value-${iteration}"
      }
    }
  }

  phase "round5" {
    # The bug: the pool grows in the last round, to 2000 connections
    # instead of at most 50. They are dialed under traffic, within the
    # round: a pool warmed up by min_idle_conns would be dialed before the
    # round's window opens (its warm-up is timed apart), and the growth
    # would land between rounds 4 and 5, in neither.
    pool {
      pool_size = 2000
    }
    load "leak" {
      pattern    = "burst"
      workers    = 2000
      iterations = 2000
      # BLPOP on an empty key keeps its connection for 0.5 s.
      step "command" {
        args = ["BLPOP", "growth:leak:${iteration}", "0.5"]
      }
    }
    load "operations" {
      pattern  = "constant_rate"
      rate     = 200
      duration = "1s"
      step "set" {
        key   = "growth:${iteration}"
        value = "value-${iteration}"
      }
    }
  }

  check "all operations succeed" {
    condition     = ops.ok == 1000
    error_message = "${ops.ok} of 1000 operations succeeded"
  }
  check "memory growth under 150 MB" {
    condition     = process.rss_mb.growth < 150
    error_message = "resident memory grew by ${process.rss_mb.growth} MB"
  }
  check "memory plateaus" {
    condition     = phase.round5.process.rss_mb.growth < 10
    error_message = "the last round still grew resident memory by ${phase.round5.process.rss_mb.growth} MB"
  }
}
