# control-of: dns_resolution_failures  must-fail: fails within 6 seconds
# broken: the caller retries the failed resolution 8 times, 1 s apart, so it hangs 7 s before failing (a copy of edge.hcl's dns_resolution_failures).

scenario "dns_resolution_failures__retry__control" {
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
    # The bug: a permanent resolution failure retried as if transient.
    retry {
      attempts    = 8
      backoff     = "1s"
      max_backoff = "1s"
      on          = ["dns"]
    }
    step "query" {
      sql = "SELECT 1"
    }
  }

  fault "dns" {}

  check "every attempt fails with a DNS error" {
    condition     = ops.failed == 3 && errors.dns == 3
    error_message = "${ops.failed} of 3 attempts failed, ${errors.dns} of them as dns errors (${errors.timeout} timeout, ${errors.other} other)"
  }
  check "fails within 6 seconds" {
    condition     = latency.max < 6000
    error_message = "the slowest attempt took ${latency.max} ms to fail"
  }
}
