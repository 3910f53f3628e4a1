scenario { # ERROR: Missing block label
  driver = "postgres"
}

scenario "a" "b" { # ERROR: Extraneous block label
  driver = "postgres"
}

scenario "labels" {
  driver = "postgres"
  load { # ERROR: Missing block label
    pattern = "burst"
  }
  load "l" {
    pattern = "burst"
    workers = 1
    step { # ERROR: Missing block label
    }
    step "ping" {}
  }
  pool "main" { # ERROR: Extraneous block label
  }
}
