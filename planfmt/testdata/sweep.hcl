# for_each expands one block into a scenario per key.
locals {
  timeouts = { "100ms" = 100, "500ms" = 500 }
}

scenario "acquire_timeout" {
  for_each = local.timeouts
  driver   = "postgres"
  tags     = ["sweep"]

  pool {
    enabled         = true
    max_conns       = 1
    acquire_timeout = "${each.value}ms"
    tls             = "prefer"
  }

  load "contenders" {
    pattern    = "burst"
    workers    = 4
    iterations = 8
    step "hold" {
      duration = "${each.value * 2}ms"
    }
  }

  check "waits at most the timeout" {
    condition = acquire.max <= each.value * 1.5
  }
}
