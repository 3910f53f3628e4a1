


variable "a" {


  default = 1


}




variable "b" {
  default = {

    x = 1


    y = 2

  }
}
locals {

  # a comment on its own line


  c = 3

}

