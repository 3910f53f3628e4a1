# control-of: pool_warmup_on_initialization  must-fail: no connection opened on demand
# broken: min_conns 5 instead of 10: half the connections open on demand (a copy of postgres.hcl's pool_warmup_on_initialization).

scenario "pool_warmup_on_initialization__control" {
  driver      = "postgres"
  description = "A pool with min=10 is warmed up (10 connections open) in under 2s, and each pre-warmed connection is then acquired in under 20 ms without opening a new one."
  tags        = ["configuration"]

  pool {
    min_conns = 5
    max_conns = var.pg_max_conns
  }

  load "acquisitions" {
    pattern = "burst"
    workers = 10
    # Each holds its connection 100 ms, so the 10 acquisitions overlap and
    # all 10 pre-warmed connections are taken (bare acquires were served
    # by fewer connections: a pool warmed with 5 passed).
    step "hold" {
      duration = "100ms"
    }
  }

  check "warm-up under 2000 ms" {
    condition     = pool.warmup_ms < 2000
    error_message = "warm-up took ${pool.warmup_ms} ms"
  }
  check "pre-warmed connections acquired in under 20 ms" {
    condition     = ops.ok == 10 && acquire.max < 20
    error_message = "${ops.ok} of 10 acquisitions; slowest ${acquire.max} ms"
  }
  check "no connection opened on demand" {
    condition     = pool.new_conns == 0
    error_message = "${pool.new_conns} connections were opened during the load: the pool was not warm"
  }
}
