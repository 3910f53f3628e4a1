variable "max_p95" {
  type    = number
  default = 50
}

scenario "steady" {
  driver = "postgres"
  pool {
    max_conns = 10
  }
  load "reads" {
    pattern  = "constant_workers"
    workers  = 4
    duration = "2s"
    step "query" {
      sql = "SELECT 1"
    }
  }
  check "fast" {
    condition = latency.p95 < var.max_p95
  }
}
