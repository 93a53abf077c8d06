# The certificate your ACME client renewed, with its key write-only: the
# key goes to CAS and never into the state or plan (Terraform 1.11+).
variable "private_key" {
  type      = string
  ephemeral = true
}

resource "alicas_certificate" "web" {
  name_prefix            = "web-example-com-"
  certificate            = file("${path.module}/fullchain.pem")
  private_key_wo         = var.private_key # e.g. TF_VAR_private_key="$(cat privkey.pem)"
  private_key_wo_version = 1               # bump it to upload again with a new key

  # A renewed certificate is a new upload: the new one exists before the
  # old one is deleted (names are unique, hence name_prefix).
  lifecycle {
    create_before_destroy = true
  }
}

output "web_certificate" {
  value = {
    cert_id         = alicas_certificate.web.cert_id
    cert_identifier = alicas_certificate.web.cert_identifier # what ALB, CDN and WAF take
    valid_until     = alicas_certificate.web.not_after
  }
}
