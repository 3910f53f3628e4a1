scenario "unclosed" {
  driver = "redis"
  load "x" {
    pattern = "burst"
