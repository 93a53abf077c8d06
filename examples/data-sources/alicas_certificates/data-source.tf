# Certificates for example.com domains that expire within 30 days, with the
# identifier ALB, CDN and WAF take.
data "alicas_certificates" "expiring" {
  status  = "WILLEXPIRED"
  keyword = "example.com"
}

output "expiring" {
  value = {
    for c in data.alicas_certificates.expiring.certificates :
    c.cert_identifier => "${c.common_name} until ${c.end_date}"
  }
}
