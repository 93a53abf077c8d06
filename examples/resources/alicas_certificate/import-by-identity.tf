# Terraform 1.12 and later: import by the resource's identity.
import {
  to = alicas_certificate.web
  identity = {
    cert_id = 11174106
  }
}
