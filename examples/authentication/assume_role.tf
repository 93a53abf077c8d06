# Assume a RAM role with the credentials found otherwise (keys, profile, ...).
provider "alicas" {
  assume_role {
    role_arn           = "acs:ram::123456789012****:role/certs-reader"
    session_name       = "terraform-ci"
    session_expiration = 3600
    external_id        = "abc123" # only when the role's trust policy asks for one
  }
}
