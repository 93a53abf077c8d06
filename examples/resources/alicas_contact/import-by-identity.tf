# Terraform 1.12 and later: import by the resource's identity.
import {
  to = alicas_contact.ops
  identity = {
    contact_id = 3304
  }
}
