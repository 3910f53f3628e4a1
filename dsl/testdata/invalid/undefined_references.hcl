variable "max_conns" {
  default = 10
}

locals {
  workers = var.max_conn * 2 # ERROR: Undeclared variable
}

scenario "refs" {
  driver = "postgres"
  pool {
    max_conns = local.max_conns # ERROR: Undeclared local value
  }
  load "l" {
    pattern = "burst"
    workers = each.value # ERROR: Reference to each outside for_each
    iterations = iterations # ERROR: Unknown variable
    step "hold" {
      duration = "${iteration}ms" # ERROR: Per-iteration value not allowed here
    }
  }
}
