# Variables of every type, locals over locals, functions, null as unset.

variable "sizes" {
  type    = list(number)
  default = [5, 10, 20]
}

variable "limits" {
  type = map(string)
  default = {
    fast = "50ms"
    slow = "2s"
  }
}

variable "enabled" {
  type    = bool
  default = true
}

variable "anything" {
  default = { name = "mixed", n = 3 }
}

locals {
  biggest   = max(var.sizes...)
  workers   = local.biggest * 2
  slow      = lookup(var.limits, "slow", "1s")
  name      = upper(var.anything.name)
  unset     = null
  statement = format("SELECT %d", length(var.sizes))
}

scenario "values" {
  driver      = "postgres"
  description = join(" ", ["sizes", jsonencode(var.sizes), local.name])
  pool {
    max_conns       = local.biggest
    acquire_timeout = local.slow
    min_conns       = local.unset
    enabled         = var.enabled
  }
  load "l" {
    pattern    = "burst"
    workers    = local.workers
    iterations = var.anything.n * 10
    step "query" {
      sql = local.statement
    }
  }
  check "fast enough" {
    condition = latency.p95 < parseint(trimspace(" 50 "), 10) && contains(var.sizes, 5)
  }
}
