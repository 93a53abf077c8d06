# Credentials are best left to the environment:
#   export ALICLOUD_ACCESS_KEY="LTAI..."   # or ALIBABA_CLOUD_ACCESS_KEY_ID
#   export ALICLOUD_SECRET_KEY="..."       # or ALIBABA_CLOUD_ACCESS_KEY_SECRET
provider "alicas" {
  region = "cn-hangzhou"
}

# Against the local emulator (make demo starts one) or a private endpoint:
provider "alicas" {
  alias      = "emulator"
  access_key = "LTAI5tAlicasEmulatorKey"
  secret_key = "alicas-emulator-secret"
  endpoints {
    cas = "http://127.0.0.1:8735"
  }
}
