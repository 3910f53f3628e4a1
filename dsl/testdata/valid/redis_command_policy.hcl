# Commands the Redis command policy allows, in the forms scenarios use,
# and a scenario that opts in to dangerous commands and the pause fault.
locals {
  sub = "setname"
}

scenario "allowed_commands" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 2
    step "command" {
      args = ["set", "k:${iteration}", "v", "EX", 60]
    }
    step "command" {
      args = ["CLIENT", local.sub, "worker-${worker}"]
    }
    step "command" {
      args = ["client", "id"]
    }
    step "command" {
      args = ["COPY", "k:${iteration}", "copy:${iteration}", "REPLACE"]
    }
    step "command" {
      args = ["ZUNIONSTORE", "dst:${worker}", "2", "z:a", "z:${iteration % 5}", "WEIGHTS", 1, iteration % 3]
    }
    step "command" {
      args = ["LMPOP", "2", "l:a", "l:${iteration}", "LEFT", "COUNT", 1]
    }
    step "command" {
      args = ["XREAD", "COUNT", iteration % 4 + 1, "STREAMS", "s:${worker}", "0"]
    }
    step "command" {
      args = ["SORT", "l:a", "BY", "nosort", "GET", "#", "LIMIT", 0, iteration % 10, "STORE", "sorted:${worker}"]
    }
    step "command" {
      args = ["OBJECT", "ENCODING", "k:${iteration}"]
    }
    step "command" {
      args = ["XGROUP", "CREATE", "s:${worker}", "g", "$", "MKSTREAM"]
    }
    step "command" {
      args = ["MULTI"]
    }
    step "command" {
      args = ["EXEC"]
    }
  }
}

scenario "dangerous_opt_in" {
  driver          = "redis"
  allow_dangerous = true
  load "l" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "2s"
    step "command" {
      args = ["EVAL", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "k", "v"]
    }
    step "command" {
      args = ["COPY", "a", "b", "DB", "3"]
    }
    step "command" {
      args = ["SORT", "l", "BY", "w_*"]
    }
    step "command" {
      args = ["CLIENT", "LIST"]
    }
  }
  fault "pause" {
    after    = "500ms"
    duration = "200ms"
  }
}
