# A file comment.
// Another style.

/* A block
   comment,


   kept as is. */
scenario "c" {        # trailing on a block line
  driver = "postgres" # trailing
  # between attributes
  timeout = "1s" // trailing, other style

  /* inline */ description = "d"
  load "l" {
    pattern = "burst" # the only pattern here
    workers = 1
    step "ping" {}
    # a comment before the closing brace
  }
}
