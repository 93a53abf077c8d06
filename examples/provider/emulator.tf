# The local CAS emulator (`go run ./cmd/alicas-emulator` serves it on
# 127.0.0.1:8735 and accepts these keys), or a private endpoint.
provider "alicas" {
  access_key = "LTAI5tAlicasEmulatorKey"
  secret_key = "alicas-emulator-secret"
  endpoints {
    cas = "http://127.0.0.1:8735"
  }
}

data "alicas_deployment_job_certs" "web" {
  job_id = 8888
}
