# Creates a table in the scenario's schema, then queries for a minute: a
# process killed in the middle leaves the schema.
scenario "leaves_schema" {
  driver = "postgres"

  load "writes" {
    pattern  = "constant_workers"
    workers  = 1
    duration = "60s"
    step "query" {
      sql = "CREATE TABLE IF NOT EXISTS leftover (id int)"
    }
    # An iteration in flight outlasts a first interrupt's grace: a second
    # interrupt comes while the scenario still runs.
    step "sleep" {
      duration = "20s"
    }
  }
}
