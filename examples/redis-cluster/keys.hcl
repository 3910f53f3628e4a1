# SET/GET over many keys of a Redis Cluster, and a multi-key command kept
# in one slot with a hash tag.
#
#   stressql run --ephemeral examples/redis-cluster/
#   stressql run --redis 'redis+cluster://127.0.0.1:7000?addr=127.0.0.1:7001&addr=127.0.0.1:7002' examples/redis-cluster/
#
# pool_size applies per node: against three masters this pool may open
# 3 x 4 connections; pool.* counters are summed over the nodes. Keys keep
# the scenario's namespace prefix (which has no {...}), so they spread over
# the masters; the MSET's two keys share the hash tag {user...}, so they
# are in one slot (without it the server answers CROSSSLOT). Cleanup
# removes the keys from every master.

scenario "cluster_keys_spread" {
  driver      = "redis"
  description = "SET/GET over 2000 keys and a hash-tagged MSET succeed on every master of a cluster."
  tags        = ["cluster"]
  timeout     = "30s"

  # Three masters; `stressql run --ephemeral` starts them.
  topology {
    kind    = "cluster"
    masters = 3
  }

  pool {
    pool_size = 4
  }

  load "mixed" {
    pattern    = "burst"
    workers    = 8
    iterations = 2000
    step "set" {
      key   = "item:${iteration}"
      value = "w${worker}"
    }
    step "get" {
      key = "item:${iteration}"
    }
    step "command" {
      args = ["MSET", "{user${iteration % 100}}:name", "n${iteration}", "{user${iteration % 100}}:mail", "m${iteration}"]
    }
  }

  check "no errors" {
    condition     = ops.failed == 0 && ops.ok == 2000
    error_message = "${ops.failed} iterations failed"
  }
  check "connections on every node" {
    condition = server.conns.max >= 3
  }
}
