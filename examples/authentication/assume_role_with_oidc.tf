# RRSA on ACK: the pod's OIDC token is exchanged for the role's credentials.
# RRSA also sets ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE
# and ALIBABA_CLOUD_ROLE_ARN in the pod, where `provider "alicas" {}` is enough.
provider "alicas" {
  assume_role_with_oidc {
    oidc_provider_arn = "acs:ram::123456789012****:oidc-provider/ack-rrsa-c0123"
    oidc_token_file   = "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token"
    role_arn          = "acs:ram::123456789012****:role/certs-reader"
  }
}
