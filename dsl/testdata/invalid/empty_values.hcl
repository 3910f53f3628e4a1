scenario "empty_pg" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "query" {
      sql = "" # ERROR: Empty SQL
    }
    step "tx" {
      statements = [] # ERROR: Empty transaction
    }
    step "query" {
      sql  = "SELECT $1"
      args = [null] # ERROR: Null argument
    }
    step "query" {
      sql  = "SELECT $1"
      args = [iteration, [1, 2]] # ERROR: Invalid argument value
    }
  }
}
