# control-of: fallback_to_non_cached_operation  must-fail: the fallback was used while the cache was down
# broken: the cache is down the whole run (a copy of redis.hcl's fallback_to_non_cached_operation).

scenario "fallback_to_non_cached_operation__whole_run_outage__control" {
  driver      = "redis"
  description = "50 cache reads while the cache is unavailable for 1s: every operation succeeds, from the cache or from the fallback computation, transparently to the caller."
  tags        = ["failover"]

  pool {
    pool_size    = var.redis_pool_size
    dial_timeout = "200ms"
  }

  load "cache_reads" {
    pattern  = "constant_rate"
    rate     = 25
    duration = "2s"
    timeout  = "300ms"
    step "get" {
      key = "fallback:${iteration % 10}"
    }
    fallback {
      # The "compute it instead" path: no Redis involved.
      step "sleep" {
        duration = "5ms"
      }
    }
  }

  fault "outage" {
    after    = "0s"
    duration = "2500ms"
  }

  check "all operations succeed" {
    condition     = ops.ok == 50 && ops.failed == 0
    error_message = "${ops.ok} of 50 operations succeeded, ${ops.failed} failed"
  }
  check "the fallback was used while the cache was down" {
    # The outage covers 1s of the 2s at 25/s: about 25 calls. A cache that
    # was down the whole run (50 fallbacks) or never (0) fails.
    condition     = fallbacks >= 20 && fallbacks <= 32
    error_message = "${fallbacks} of 50 operations fell back; the 1s outage covers about 25"
  }
}
