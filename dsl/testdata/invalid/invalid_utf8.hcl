scenario "junk" { # ERROR: Scenario without load
  driver = "postgres" ÿþ junk # ERROR: Invalid character encoding | Invalid character | Missing newline after argument
}
