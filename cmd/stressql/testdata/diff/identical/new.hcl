# The same scenario, reformatted and commented: the plan is the same.
variable "max_p95" {
  default = 50 # milliseconds
}

locals {
  rate = 100
}

scenario "steady" {
  driver = "postgres"

  pool {
    max_conns = 10 # enough
  }

  load "reads" {
    pattern = "constant_rate"
    rate = local.rate
    duration = "2s"

    step "query" {
      sql = "SELECT 1"
    }
  }

  check "fast" {
    condition = (
      latency.p95 < var.max_p95
      &&   ops.dropped == 0
    )
  }
}
