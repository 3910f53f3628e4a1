# Command names that are not plain words, and arguments the server would
# reject before stressql could tell which ones are keys.
scenario "names" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = [" FLUSHALL"] # ERROR: Invalid command name
    }
    step "command" {
      args = ["FLUSHALL "] # ERROR: Invalid command name
    }
    step "command" {
      args = ["FLUSHALL\n"] # ERROR: Invalid command name
    }
    step "command" {
      args = ["FLUSH ALL"] # ERROR: Invalid command name
    }
    step "command" {
      args = ["FLUSH\u0000ALL"] # ERROR: Invalid command name
    }
    step "command" {
      args = ["\tGET", "k"] # ERROR: Invalid command name
    }
    step "command" {
      args = [123, "k"] # ERROR: Invalid command name
    }
    step "command" {
      args = ["-1"] # ERROR: Invalid command name
    }
    step "command" {
      args = ["GET\u001b[2J", "k"] # ERROR: Invalid command name
    }
    step "command" {
      args = [""] # ERROR: Missing command name
    }
    step "command" {
      args = ["LMPOP", "x", "a", "LEFT"] # ERROR: Cannot tell the keys of the command
    }
    step "command" {
      args = ["LMPOP", "3", "a", "LEFT"] # ERROR: Cannot tell the keys of the command
    }
    step "command" {
      args = ["XREAD", "STREAMS", "a", "b", "0"] # ERROR: Cannot tell the keys of the command
    }
    step "command" {
      args = ["XREAD", "COUNT", "1"] # ERROR: Cannot tell the keys of the command
    }
    step "command" {
      args = ["OBJECT", "ENCODING"] # ERROR: Cannot tell the keys of the command
    }
  }
}
