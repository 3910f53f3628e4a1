# control-of: max_size_prevents_overallocation  must-fail: never more than 5 connections; acquisition beyond max blocks
# broken: max_conns 10 instead of 5 (a copy of postgres.hcl's max_size_prevents_overallocation).

scenario "max_size_prevents_overallocation__control" {
  driver      = "postgres"
  description = "A pool with max=5 never opens a 6th connection: 10 concurrent holders are served 5 at a time, the other 5 block until a connection is released."
  tags        = ["configuration"]

  pool {
    min_conns = 5
    max_conns = 10
  }

  load "holders" {
    pattern = "burst"
    workers = 10
    step "hold" {
      duration = "500ms"
    }
  }

  check "never more than 5 connections" {
    condition     = pool.total_conns.max <= 5 && server.conns.max <= 5
    error_message = "pool held ${pool.total_conns.max} and the server saw ${server.conns.max} connections; max is 5"
  }
  check "acquisition beyond max blocks" {
    condition     = acquire.max >= 400
    error_message = "longest acquire wait was ${acquire.max} ms: callers beyond max did not block"
  }
  check "blocked callers are served afterwards" {
    condition     = ops.ok == 10
    error_message = "${ops.ok} of 10 holders succeeded"
  }
}
