# Step arguments: constants are folded (variables, locals, each, functions
# included), per-iteration ones keep their source.

variable "prefix" {
  default = "user"
}

locals {
  keys = 1000
}

scenario "args" {
  for_each = { a = 7 }
  driver   = "redis"
  load "l" {
    pattern = "burst"
    workers = 2
    step "set" {
      key   = "${var.prefix}:${iteration % local.keys}"
      value = upper("v-${each.key}")
      ttl   = "1s"
    }
    step "get" {
      key = iteration * each.value - worker
    }
    step "command" {
      args = ["HSET", "${var.prefix}:h", "f${worker}", 1.5, true]
    }
    step "command" {
      args = concat(["MSET"], [for i in range(2) : "k${i}"], ["v"])
    }
  }
}

scenario "pg_args" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "query" {
      sql  = "SELECT $1, $2, $3"
      args = [iteration, "w-${worker}-${-iteration}", 42]
    }
  }
}
