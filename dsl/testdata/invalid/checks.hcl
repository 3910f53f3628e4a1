scenario "bad_checks" {
  driver = "postgres"
  phase "warm" {
    load "reads" {
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
  }
  check "typo" {
    condition = latency.p59 < 5 # ERROR: Unsupported attribute
  }
  check "unknown load" {
    condition = load.writes.ops.ok > 0 # ERROR: Unsupported attribute
  }
  check "unknown phase" {
    condition = phase.spike.error_rate < 0.1 # ERROR: Unsupported attribute
  }
  check "phase attribute" {
    condition = phase.warm.nosuch < 0.1 # ERROR: Unsupported attribute
  }
  check "load of a phase that does not run it" {
    condition = phase.warm.load.x.ops.ok > 0 # ERROR: Unsupported attribute
  }
  check "load of a phase, typo" {
    condition = phase.warm.load.read.ops.ok > 0 # ERROR: Unsupported attribute
  }
  check "attribute of a load of a phase" {
    condition = phase.warm.load.reads.latency.p99 < 5 && phase.warm.load.reads.ops.okk > 0 # ERROR: Unsupported attribute
  }
  check "loads do not nest" {
    condition = load.reads.load.reads.ops.ok > 0 # ERROR: Unsupported attribute
  }
  check "cut short" {
    condition = pool.reuse > 0.5 # ERROR: Unsupported attribute
  }
  check "not a bool" {
    condition = latency.p95 + 1 # ERROR: Condition is not a bool
  }
  check "per iteration" {
    condition = ops.ok > iteration # ERROR: Per-iteration value in a check
  }
  check "message" {
    condition     = ops.ok > 0
    error_message = ["ops", ops.ok] # ERROR: Invalid error_message
  }
  check "no condition" {} # ERROR: Missing required argument
  check "histograms" {
    condition = histograms.latency != "" # ERROR: Unknown variable
  }
  check "constant" {
    condition = 1 < 2 # WARNING: Check reads no results
  }
}
