scenario "query_on_redis" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "query" { # ERROR: Step for another driver
      sql = "SELECT 1"
    }
  }
}

scenario "command_on_postgres" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" { # ERROR: Step for another driver
      args = ["PING"]
    }
  }
}
