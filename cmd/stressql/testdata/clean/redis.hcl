# Writes Redis keys without a TTL of their own for a minute: a process
# killed in the middle leaves them (with the safety-net TTL only).
scenario "leaves_keys" {
  driver = "redis"

  load "writes" {
    pattern  = "constant_workers"
    workers  = 2
    duration = "60s"
    step "command" {
      args = ["HSET", "h:${iteration % 5}", "f", "v"]
    }
    step "set" {
      key   = "s:${iteration % 5}"
      value = "v"
    }
    # An iteration in flight outlasts a first interrupt's grace: a second
    # interrupt comes while the scenario still runs.
    step "sleep" {
      duration = "20s"
    }
  }
}
