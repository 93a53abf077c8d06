# terraform query -generate-config-out=certificates.tf (Terraform 1.14 and
# later) lists the uploaded certificates that end within 30 days and writes
# an alicas_certificate block and an import block for each.
list "alicas_certificate" "expiring" {
  provider = alicas
  config {
    order_type           = "UPLOAD"
    expiring_within_days = 30
  }
}
