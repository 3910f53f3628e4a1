# control-of: socket_handle_cleanup  must-fail: all operations succeed
# broken: 90 requests/s instead of 100 (a copy of redis.hcl's socket_handle_cleanup).

scenario "socket_handle_cleanup__control" {
  driver      = "redis"
  description = "200 operations under connection monitoring: the server's connection count is stable (variance under 30) and the process keeps no more sockets than the pool allows."
  tags        = ["memory"]

  pool {
    pool_size = var.redis_pool_size
  }

  phase "operations" {
    load "operations" {
      pattern  = "constant_rate"
      rate     = 90
      duration = "2s"
      step "set" {
        key   = "socket:${iteration}"
        value = "v"
      }
    }
  }

  # The pool is closed and the process sampled 500 ms longer: cleanup is
  # what the descriptors do after the close.
  phase "closed" {
    load "wait" {
      pattern = "burst"
      workers = 1
      step "sleep" {
        duration = "500ms"
      }
    }
    fault "close_pool" {}
  }

  check "all operations succeed" {
    condition     = phase.operations.ops.ok == 200
    error_message = "${phase.operations.ops.ok} of 200 operations succeeded"
  }
  check "connection variance under 30" {
    condition     = phase.operations.server.conns.variance < 30
    error_message = "server connection count variance ${phase.operations.server.conns.variance} (min ${phase.operations.server.conns.min}, max ${phase.operations.server.conns.max})"
  }
  check "sockets are cleaned up" {
    # After the close the process holds fewer descriptors than it did with
    # the pool's connections open (not "as few as before the first one":
    # the server-count monitor's own connection may have opened since).
    condition     = phase.operations.process.fds.growth <= var.redis_pool_size && phase.closed.process.fds.min < phase.operations.process.fds.max && phase.closed.server.conns.last == 0
    error_message = "open file descriptors grew by ${phase.operations.process.fds.growth} during the operations; after the close at least ${phase.closed.process.fds.min} were open (${phase.operations.process.fds.max} with the pool's connections), the server saw ${phase.closed.server.conns.last}"
  }
}
