scenario "sentinel_failover" {
  driver = "redis"
  topology {
    kind = "sentinel"
  }
  pool {
    pool_size     = 4
    read_timeout  = "1s"
    write_timeout = "1s"
  }
  load "w" {
    pattern     = "constant_rate"
    rate        = 50
    duration    = "4s"
    max_workers = 10
    step "set" {
      key   = "k:${iteration % 50}"
      value = "v"
    }
  }
  fault "failover" {
    after = "1s"
  }
  check "recovered" {
    condition     = ops.ok > 100
    error_message = "${ops.ok} ok"
  }
}

scenario "cluster_keys" {
  driver          = "redis"
  allow_dangerous = true
  topology {
    kind = "cluster"
  }
  load "w" {
    pattern    = "burst"
    workers    = 4
    iterations = 200
    step "set" {
      key   = "k:${iteration}"
      value = "v"
    }
  }
  load "info" {
    pattern    = "burst"
    workers    = 1
    iterations = 1
    step "command" {
      args = ["CLUSTER", "INFO"]
    }
  }
  check "a cluster" {
    condition     = error_rate == 0
    error_message = "error rate ${error_rate}: CLUSTER INFO fails on a server without cluster mode"
  }
}
