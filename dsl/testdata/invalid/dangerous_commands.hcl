scenario "flush" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = ["FLUSHALL"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["config", "get", "maxclients"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = [] # ERROR: Missing command name
    }
  }
}

scenario "flush_allowed" {
  driver          = "redis"
  allow_dangerous = true
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = ["KEYS", "*"]
    }
  }
}
