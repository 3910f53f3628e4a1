scenario "a" {
  driver = "postgres"
  description = "aligned with its neighbours"
  tags = ["x"]

  timeout="30s"
  allow_dangerous    =   false
  pool {
    min_conns = 1 # one
    max_conns = 10 # ten, aligned comment
    acquire_timeout = "1s"
  }
}
