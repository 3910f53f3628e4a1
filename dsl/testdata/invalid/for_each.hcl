scenario "list_sweep" {
  for_each = ["a", "b"] # ERROR: Invalid for_each
  driver   = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "number_sweep" {
  for_each = 3 # ERROR: Invalid for_each
  driver   = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}

scenario "sweep_error_in_each" {
  for_each = { small = 1, big = 0 }
  driver   = "postgres"
  load "l" {
    pattern = "burst"
    workers = each.value # ERROR: Value out of range
    step "ping" {}
  }
}
