variable "n" {
  default = 1
}

variable "n" { # ERROR: Duplicate variable
  default = 2
}

locals {
  a = 1
}

locals {
  a = 2 # ERROR: Duplicate local value
}

scenario "dups" {
  driver = "postgres"
  pool {}
  pool {} # ERROR: Duplicate pool block
  phase "p" {
    load "l" {
      pattern = "burst"
      workers = 1
      step "ping" {}
      retry {
        attempts = 2
      }
      retry { # ERROR: Duplicate retry block
        attempts = 3
      }
    }
    load "l" { # ERROR: Duplicate load
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
  }
  phase "p" { # ERROR: Duplicate phase
    load "l" {
      pattern = "burst"
      workers = 1
      step "ping" {}
    }
  }
  check "same" {
    condition = ops.ok > 0
  }
  check "same" { # ERROR: Duplicate check
    condition = ops.failed == 0
  }
}
