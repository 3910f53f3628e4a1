variable "prefix" {
  default = "k"
}

scenario "per_iteration_pg" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "query" {
      sql  = "SELECT ${iteration}" # ERROR: Per-iteration value not allowed here
      args = [iteration, worker % 0] # ERROR: Division by zero
    }
    step "query" {
      sql  = "SELECT $1"
      args = concat([iteration]) # ERROR: Unsupported per-iteration expression
    }
  }
}

scenario "per_iteration_redis" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "get" {
      key = upper("${var.prefix}:${iteration}") # ERROR: Unsupported per-iteration expression
    }
    step "get" {
      key = "${var.prefix}:${iteration > 5 ? 1 : 0}" # ERROR: Unsupported per-iteration expression
    }
    step "set" {
      key   = "${var.prefix}:${iteration % 1.5}" # ERROR: Invalid operand
      value = iteration.count # ERROR: Unsupported per-iteration expression
    }
    step "command" {
      args = ["${iteration}", "x"] # ERROR: Command name must be constant
    }
  }
}
