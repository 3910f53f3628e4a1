# control-of: dns_resolution_failures  must-fail: every attempt fails with a DNS error
# broken: no dns fault: the host resolves (a copy of edge.hcl's dns_resolution_failures).

scenario "dns_resolution_failures__control" {
  driver      = "postgres"
  description = "Connecting to a host name that does not resolve fails within 6 seconds, every failure is reported as a DNS error, and nothing hangs."
  tags        = ["edge", "failover"]

  pool {
    min_conns       = 0
    max_conns       = local.edge_max_conns
    connect_timeout = "5s"
  }

  load "connects" {
    pattern = "burst"
    workers = 3
    timeout = "10s"
    step "query" {
      sql = "SELECT 1"
    }
  }

  check "every attempt fails with a DNS error" {
    condition     = ops.failed == 3 && errors.dns == 3
    error_message = "${ops.failed} of 3 attempts failed, ${errors.dns} of them as dns errors (${errors.timeout} timeout, ${errors.other} other)"
  }
  check "fails within 6 seconds" {
    condition     = latency.max < 6000
    error_message = "the slowest attempt took ${latency.max} ms to fail"
  }
}
