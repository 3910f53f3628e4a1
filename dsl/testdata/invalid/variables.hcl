variable "bad_default" {
  type    = number
  default = "many" # ERROR: Invalid default value for variable
}

variable "bad_type" {
  type = numbr # ERROR: Invalid type specification
}

variable "required" { # ERROR: Missing required variable
  type = string
}

variable "reads_other" {
  default = var.bad_default # ERROR: Reference in a constant value
}

variable "bad name" { # ERROR: Invalid variable name
  default = 1
}

scenario "vars" {
  driver = "postgres"
  load "l" {
    pattern = "burst"
    workers = 1
    step "ping" {}
  }
}
