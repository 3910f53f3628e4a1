# The seed's pool configuration, as in ../postgres.hcl, ../redis.hcl and
# ../edge.hcl, ../baseline.hcl (this directory is loaded on its own: `stressql run
# scenarios/controls/` and controls_test.go). Every other file here is a
# negative control: a copy of one seed scenario with one thing broken, and
# a first line naming the check(s) it must fail:
#   # control-of: SEED_SCENARIO  must-fail: CHECK[; CHECK...]

variable "pg_min_conns" {
  type        = number
  default     = 5
  description = "min_size of the seed's test_postgres_pool fixture"
}

variable "pg_max_conns" {
  type        = number
  default     = 20
  description = "max_size of the seed's test_postgres_pool fixture"
}

variable "redis_pool_size" {
  type        = number
  default     = 50
  description = "max_connections of the seed's test_redis_pool fixture"
}

locals {
  edge_min_conns = 5
  edge_max_conns = 20

  baseline_pg_min_conns    = 5
  baseline_pg_max_conns    = 20
  baseline_redis_pool_size = 50
}
