scenario "storm" {
  driver = "redis"

  phase "calm" {
    load "slow" {
      pattern    = "burst"
      workers    = 1
      iterations = 10
      step "ping" {}
    }
  }
  phase "storm" {
    load "fast" {
      pattern    = "burst"
      workers    = 2
      iterations = 10
      step "ping" {}
    }
  }

  check "readable" {
    condition = phase.storm.load.fast.latency.p99 < 50 && load.fast.ops.failed == 0
  }
  check "no such attribute" {
    condition = phase.storm.nosuch > 0
  }
  check "load of another phase" {
    condition = phase.storm.load.slow.ops.ok > 0
  }
  check "cut short" {
    condition = phase.storm.load.fast.pool.reuse > 0.9
  }
}

scenario "flat" {
  driver = "redis"

  load "fast" {
    pattern    = "burst"
    workers    = 1
    iterations = 10
    step "ping" {}
  }

  check "no phases" {
    condition = phase.storm.ops.ok > 0
  }
}
