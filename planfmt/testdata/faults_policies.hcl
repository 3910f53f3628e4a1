# Every network fault on one timeline, and every iteration policy.
scenario "faults_and_policies" {
  driver  = "postgres"
  timeout = "1m"

  load "steady" {
    pattern  = "constant_rate"
    rate     = 20
    duration = "10s"
    timeout  = "2s"
    step "ping" {}

    retry {
      attempts    = 3
      backoff     = "10ms"
      max_backoff = "100ms"
      jitter      = 0.1
      on          = ["reset", "refused", "injected"]
    }
    circuit_breaker {
      failure_threshold = 5
      open_for          = "1s"
    }
    fallback {
      step "query" {
        sql = "SELECT 1"
      }
    }
  }

  fault "outage" {
    after    = "4s"
    duration = "2s"
  }
  fault "latency" {
    after     = "1s"
    duration  = "2s"
    delay     = "50ms"
    jitter    = "5ms"
    direction = "both"
  }
  fault "reset" {
    after       = "7s"
    probability = 0.5
  }
  fault "error" {
    probability = 0.1
  }
  fault "close_pool" {
    after = "9s"
  }

  check "recovers" {
    condition = recovery_ms < 5000
  }
  check "breaker opened" {
    condition = breaker.opened >= 1 || retries > 0
  }
}
