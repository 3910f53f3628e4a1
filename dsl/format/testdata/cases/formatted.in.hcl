# Already canonical: formatting changes nothing.
scenario "ok" {
  driver  = "postgres"
  timeout = "1s"

  load "l" {
    pattern = "burst"
    workers = 2
    step "query" {
      sql  = "SELECT $1"
      args = [iteration]
    }
  }
}
