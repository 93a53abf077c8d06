# A local service that hands out temporary credentials as JSON.
provider "alicas" {
  credentials_uri = "http://127.0.0.1:9000/credentials"
}
