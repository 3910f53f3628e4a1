scenario "phased" {
driver = "redis"
phase "warm" {
pool {
pool_size = 5
}
load "w" {
pattern = "ramping_rate"
start_rate = 0
stage {
rate = 10
duration = "1s"
}
stage { rate = 20 }
stage {
    duration = "2s"
  rate = 30
}
step "command" {
args = ["SET", "k:${worker}", "v"]
}
retry {
attempts = 3
on = ["reset",
"refused"]
}
fallback {
step "ping" {}
}
}
fault "latency" {
after = "1s"
delay = "50ms"
}
}
}
