# A steady write rate through a real Sentinel failover.
#
#   stressql run --ephemeral examples/redis-sentinel/
#
# starts the Sentinel set of its topology block (a master, a replica,
# three sentinels) and removes it at the end. Against a Sentinel set of
# your own (stressql run --redis 'redis+sentinel://HOST:PORT,.../NAME/0'),
# add allow_dangerous = true: the failover is real.
#
# The fault sends SENTINEL FAILOVER to a sentinel 2 s in: a replica is
# promoted for real. Writes fail only while the master moves (stale_conn:
# connections still open to the demoted master; readonly: a write that
# reached it once it was a replica), and recovery_ms is the time from
# the moment a sentinel named the new master to the first success.
# Refused before the run against a target that is not redis+sentinel://.

scenario "sentinel_failover_recovers" {
  driver      = "redis"
  description = "A steady rate of writes recovers within 3 s of a real Sentinel failover."
  tags        = ["sentinel", "failover"]
  timeout     = "30s"

  # A master, one replica and three sentinels; `stressql run --ephemeral`
  # starts them (the failover fault needs that, or allow_dangerous = true
  # against a Sentinel set of your own).
  topology {
    kind      = "sentinel"
    replicas  = 1
    sentinels = 3
  }

  pool {
    pool_size     = 8
    read_timeout  = "1s"
    write_timeout = "1s"
  }

  load "writes" {
    pattern     = "constant_rate"
    rate        = 100
    duration    = "8s"
    max_workers = 20
    step "set" {
      key   = "order:${iteration % 500}"
      value = "w${worker}"
    }
    retry {
      attempts = 3
      backoff  = "20ms"
      on       = ["stale_conn", "readonly", "reset", "closed"]
    }
  }

  fault "failover" {
    after = "2s"
  }

  check "recovers quickly" {
    condition     = recovery_ms < 3000
    error_message = "first success ${recovery_ms} ms after the new master was seen"
  }
  check "the failover happened" {
    condition = faults.failover.end_ms > faults.failover.start_ms
  }
  check "few writes lost" {
    condition     = ops.failed <= 50
    error_message = "${ops.failed} writes failed even after retries"
  }
}
