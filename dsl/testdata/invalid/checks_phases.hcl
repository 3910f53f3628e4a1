scenario "no_phases" {
  driver = "redis"
  load "reads" {
    pattern    = "burst"
    workers    = 1
    iterations = 1
    step "ping" {}
  }
  check "phase of a scenario without phases" {
    condition = phase.storm.ops.ok > 0 # ERROR: Unsupported attribute
  }
}

scenario "two_phases" {
  driver = "redis"
  phase "calm" {
    load "reads" {
      pattern    = "burst"
      workers    = 1
      iterations = 1
      step "ping" {}
    }
  }
  phase "storm" {
    load "fast" {
      pattern    = "burst"
      workers    = 1
      iterations = 1
      step "ping" {}
    }
  }
  check "every phase" {
    condition = phase.calm.load.reads.ops.ok == 1 && phase.storm.load.fast.latency.p99 < 50 && load.reads.ops.ok == 1
  }
  check "load of another phase" {
    condition = phase.storm.load.reads.ops.ok > 0 # ERROR: Unsupported attribute
  }
  check "phase has no phase" {
    condition = phase.storm.phase.calm.ops.ok > 0 # ERROR: Unsupported attribute
  }
}
