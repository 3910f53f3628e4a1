locals {
  a = local.b + 1 # ERROR: Cycle in local values
  b = local.a * 2
  c = local.c # ERROR: Cycle in local values
}

scenario "uses_cycle" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = local.a
    step "ping" {}
  }
}
