

# Variables come first.
variable "pg_max_conns" {

  default = 20
  description="largest pool"


}



/*
  A block comment keeps its own layout:

     even blank lines      and wide gaps.
*/
locals {
  a=1
  long_name = 2 # trailing comment
  b  =  "x"    // another
}
scenario "pool_max_size_enforcement" {
    driver = "postgres"
    description = "The pool never opens more than max_conns."
    tags = [

    "exhaustion",


    "pool"
    ]
    timeout="30s"


    pool {
      min_conns = 5
      max_conns = var.pg_max_conns
      acquire_timeout = "500ms"

    }
  load "holders" {
    pattern="burst"
    workers=40
    iterations=40
  step "hold" { duration = "1s" }
  step "query" {
      sql = <<-SQL
        SELECT 1


        FROM   pg_class
      SQL
      args = [iteration % 10,   worker]
  }
  }
  check "pool never exceeds max" {
    condition = pool.total_conns.max <= var.pg_max_conns
    error_message = "pool grew to ${pool.total_conns.max} connections"
  }
}
scenario "sweep" {
  for_each = { "100ms"=100, "500ms"   = 500 }
  driver = "redis"
  load "x" {
    pattern = "constant_rate"
    rate = 10
    duration = "1s"
    step "set" {
      key = "k:${iteration%100}"
      value="v"
    }
  }
}



