# Dangerous commands in disguise: the check is on the evaluated value.
variable "cmd" {
  default = "flushall"
}

variable "admin" {
  type    = bool
  default = true
}

locals {
  cmd     = "FlushAll"
  list    = ["FLUSHDB"]
  db_word = "db"
  sub     = "kill"
}

scenario "disguises" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = [var.cmd] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = [local.cmd] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = [upper("flushall")] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = [format("%s%s", "FLUSH", "ALL")] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = [join("", ["FLUSH", "ALL"])] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = [var.admin ? "CONFIG" : "GET", "GET", "maxclients"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = local.list # ERROR: Dangerous Redis command
    }
    step "command" {
      args = concat(["EVAL"], ["return 1", "0"]) # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["${lower("SELECT")}", 4] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["COPY", "a", "b", local.db_word, "3"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLIENT", local.sub, "TYPE", "normal"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLIENT", "${iteration}"] # ERROR: Argument must be constant
    }
    step "command" {
      args = ["COPY", "a", "b", "x${iteration}", "3"] # ERROR: Argument must be constant
    }
    step "command" {
      args = ["ZUNIONSTORE", "dst", "${iteration % 2 + 1}", "a", "b"] # ERROR: Argument must be constant
    }
    step "command" {
      args = ["XREAD", "COUNT", "1", "S${iteration}", "s", "0"] # ERROR: Argument must be constant
    }
    step "command" {
      args = ["SORT", "k", "GET", "w_*_${iteration}"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SORT", "k", "LIMIT", "0", "1", "x${worker}"] # ERROR: Argument must be constant
    }
    step "command" {
      args = ["${iteration}", "k"] # ERROR: Command name must be constant
    }
  }
}

scenario "each_value" {
  for_each = { flush = "FLUSHALL" }
  driver   = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = [each.value] # ERROR: Dangerous Redis command
    }
  }
}

scenario "each_key" {
  for_each = toset(["keys"])
  driver   = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = [each.key, "*"] # ERROR: Dangerous Redis command
    }
  }
}

scenario "subscribe_even_when_allowed" {
  driver          = "redis"
  allow_dangerous = true
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = ["ssubscribe", "news"] # ERROR: Unsupported Redis command
    }
    step "command" {
      args = ["ZUNIONSTORE", "dst", "${iteration % 2 + 1}", "a", "b"] # ERROR: Argument must be constant
    }
  }
}

scenario "beside_other_errors" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args  = ["FLUSHALL"] # ERROR: Dangerous Redis command
      value = "x"          # ERROR: Unsupported argument
    }
    step "command" {
      args = ["FLUSHALL", var.nope] # ERROR: Undeclared variable
    }
  }
}
