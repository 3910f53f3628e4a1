scenario "wrong" {
  driver = "mysql"
  bogus  = 1
}

scenario "pool" {
  driver = "postgres"
  pool {
    min_conns = 10
    max_conns = 5
    pool_size = 3
  }
  load "l" {
    pattern = "burst"
    workers = 1
    rate    = 5
    step "get" {
      key = "k"
    }
  }
}
