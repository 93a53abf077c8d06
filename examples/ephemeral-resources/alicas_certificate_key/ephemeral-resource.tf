# Hand the key CAS holds for a certificate to a write-only argument, without
# it ever being stored: here, the same certificate uploaded again under a
# second name (as for another account's copy, or a rename).
data "alicas_certificate" "web" {
  cert_id = 11174100
}

ephemeral "alicas_certificate_key" "web" {
  cert_id = data.alicas_certificate.web.cert_id
}

resource "alicas_certificate" "web_copy" {
  name                   = "web-copy"
  certificate            = data.alicas_certificate.web.certificate
  private_key_wo         = ephemeral.alicas_certificate_key.web.private_key
  private_key_wo_version = 1
}
