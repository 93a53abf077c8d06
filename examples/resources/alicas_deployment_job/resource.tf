# Rotate a renewed certificate onto every resource that carries the old one.

variable "expiring_cert_id" {
  description = "The certificate being replaced, e.g. from data.alicas_certificates."
  type        = number
}

# The renewed certificate from your ACME client. The key is write-only:
# never in the plan or the state (Terraform 1.11 and later).
resource "alicas_certificate" "shop" {
  name_prefix            = "shop-example-com-"
  certificate            = file("${path.module}/shop.example.com.crt")
  private_key_wo         = file("${path.module}/shop.example.com.key")
  private_key_wo_version = 1
}

# The resources that carry the old certificate or the new one: the same set
# before and after the deployment, so the next plan shows no changes.
data "alicas_cloud_resources" "shop" {
  certificate_ids = [var.expiring_cert_id, alicas_certificate.shop.cert_id]
}

data "alicas_contacts" "ops" {
  keyword = "ops"
}

resource "alicas_deployment_job" "shop" {
  name            = "shop-${alicas_certificate.shop.cert_id}"
  certificate_ids = [alicas_certificate.shop.cert_id]
  resource_ids    = data.alicas_cloud_resources.shop.ids # strings of digits convert
  contact_ids     = data.alicas_contacts.ops.ids

  # Apply waits until CAS reports each resource (the default); a job that
  # ends `error` fails the apply and names each resource that failed.
  wait_for_completion = true

  timeouts {
    create = "30m"
    delete = "10m"
  }
}

output "deployed" {
  value = "${alicas_deployment_job.shop.success_count} of ${alicas_deployment_job.shop.worker_count} workers succeeded"
}
