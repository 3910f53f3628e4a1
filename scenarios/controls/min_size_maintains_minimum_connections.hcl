# control-of: min_size_maintains_minimum_connections  must-fail: min connections are kept open; maintained connections are used
# broken: min_conns 0 (a copy of postgres.hcl's min_size_maintains_minimum_connections).

scenario "min_size_maintains_minimum_connections__control" {
  driver      = "postgres"
  description = "A pool with min=5, max=10 opens its 5 connections before any request and keeps them; requests are served by them in under 50 ms without opening new ones."
  tags        = ["configuration"]

  pool {
    min_conns = 0
    max_conns = 10
  }

  load "acquisitions" {
    pattern  = "constant_rate"
    rate     = 10
    duration = "1s"
    step "acquire" {}
  }

  check "min connections are kept open" {
    condition     = pool.total_conns.min >= 5 && server.conns.min >= 5
    error_message = "pool held at least ${pool.total_conns.min} and the server saw at least ${server.conns.min} connections; want 5"
  }
  check "maintained connections are used" {
    condition     = pool.new_conns == 0 && pool.total_conns.max <= 10 && server.conns.max <= 10
    error_message = "${pool.new_conns} connections were opened during the load (up to ${pool.total_conns.max})"
  }
  check "acquisition under 50 ms" {
    condition     = acquire.max < 50 && ops.ok == 10
    error_message = "${ops.ok} of 10 acquisitions; slowest took ${acquire.max} ms"
  }
}
