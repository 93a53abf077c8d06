# One certificate, exactly: its validity, chain and public PEM (never its key).
data "alicas_certificate" "web" {
  cert_id = 11174100
}

output "web_certificate" {
  value = {
    identifier = data.alicas_certificate.web.cert_identifier
    domains    = data.alicas_certificate.web.sans
    not_after  = data.alicas_certificate.web.not_after
    issuers    = [for c in data.alicas_certificate.web.cert_chain : c.issuer_common_name]
  }
}
