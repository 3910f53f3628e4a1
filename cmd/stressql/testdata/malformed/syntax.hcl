scenario "broken" {
  driver = "postgres"
  timeout = = "1s"
}
