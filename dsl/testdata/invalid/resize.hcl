scenario "resize_misuse" {
  driver = "postgres"
  phase "no_after" {
    load "work" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
    resize { # ERROR: Missing required argument
      drain_timeout = "0s" # ERROR: Zero duration
      pool {
        max_conns = 8
      }
      load "more" { # ERROR: Load inside a resize
      }
    }
  }
  phase "no_pool" {
    load "work" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
    resize { # ERROR: Resize without a pool
      after = "1s"
    }
    resize { # ERROR: Duplicate resize block
      after = "1s"
    }
  }
  phase "same_pool" {
    load "work" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
    resize {
      after = "1s"
      pool {} # ERROR: Resize to the same pool
    }
  }
  phase "pool_fault" {
    load "work" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
    fault "close_pool" { # ERROR: Pool fault beside a resize
      after = "500ms"
    }
    fault "terminate" { # ERROR: Pool fault beside a resize
      after = "500ms"
    }
    resize {
      after = "1s"
      pool {
        max_conns = 8
        pool_size = 8 # ERROR: Pool setting of the other driver
      }
    }
  }
}

scenario "resize_late" {
  driver = "postgres"
  phase "traffic" {
    load "work" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
    resize {
      after = "2s" # ERROR: Resize after the end of its phase
      pool {
        max_conns = 8
      }
    }
  }
  phase "off" {
    load "work" {
      pattern  = "constant_rate"
      rate     = 10
      duration = "2s"
      step "ping" {}
    }
    resize {
      after = "1s"
      pool { # ERROR: Resize to no pool
        enabled = false
      }
    }
  }
}

scenario "resize_outside" {
  driver = "postgres"
  load "work" {
    pattern  = "constant_rate"
    rate     = 10
    duration = "2s"
    step "ping" {}
  }
  resize { # ERROR: Resize outside a phase
    after = "1s"
  }
}
