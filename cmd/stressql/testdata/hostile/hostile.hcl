# Text that would hijack a terminal if printed raw: ESC sequences, CR,
# BEL, other C0 and C1 controls, DEL and a bidi override, in every field
# the console prints (see TestRunEscapesControlCharacters).
locals {
  evil = "\u001b[2J\u001b[H\r\nPASS  fake\u0007\u0008\u000b\u000c\u007f\u009b31m\u202e"
}

scenario "hostile_redis" {
  driver      = "redis"
  description = "clears the screen: ${local.evil}"
  tags        = ["hostile", "t${local.evil}"]

  load "pings" {
    pattern    = "burst"
    workers    = 1
    iterations = 3
    step "ping" {}
  }

  check "impossible \u001b[2J\r\nPASS  fake\u0007\u009b31m\u202e" {
    condition     = latency.max < 0
    error_message = "fake result ${local.evil} max ${latency.max}"
  }
}

scenario "hostile_postgres" {
  driver      = "postgres"
  description = each.value
  tags        = ["hostile"]
  for_each    = { evil = "desc ${local.evil}" }

  load "errors" {
    pattern    = "burst"
    workers    = 1
    iterations = 3
    # The server echoes the identifier, control characters and all.
    step "query" {
      sql = "SELECT \"${local.evil}\""
    }
  }

  check "server \u001b[31m\r errors" {
    condition     = errors.query == 0
    error_message = "the server said ${local.evil}"
  }
}
