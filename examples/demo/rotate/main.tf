# Used by `make demo`, second step: rotate the certificate that expires
# soonest onto every resource that carries it. The script makes the renewed
# certificate (renewed.crt, renewed.key) beside this file.
terraform {
  required_providers {
    alicas = {
      source = "alicas/alicas"
    }
  }
}

provider "alicas" {}

variable "expiring_cert_id" {
  type    = number
  default = 11174101 # shop.example.com, which job 8888 deployed
}

# Before: what carries the expiring certificate (read at plan time).
data "alicas_cloud_resources" "before" {
  certificate_ids = [var.expiring_cert_id]
}

data "alicas_contacts" "ops" {
  keyword = "ops"
}

# The renewed certificate; its key is write-only, never in plan or state.
resource "alicas_certificate" "renewed" {
  name_prefix            = "shop.example.com-"
  certificate            = file("${path.module}/renewed.crt")
  private_key_wo         = file("${path.module}/renewed.key")
  private_key_wo_version = 1
}

resource "alicas_deployment_job" "rotate" {
  name            = "rotate-shop.example.com"
  certificate_ids = [alicas_certificate.renewed.cert_id]
  resource_ids    = data.alicas_cloud_resources.before.ids
  contact_ids     = data.alicas_contacts.ops.ids
}

# After: the same resources, read once the job has finished.
data "alicas_cloud_resources" "after" {
  certificate_ids = [alicas_certificate.renewed.cert_id]
  depends_on      = [alicas_deployment_job.rotate]
}

locals {
  # One row per resource: which certificate it carries, and until when.
  rows = { for when, resources in {
    before = data.alicas_cloud_resources.before.resources
    after  = data.alicas_cloud_resources.after.resources
    } : when => concat([["RESOURCE", "ON", "CERTIFICATE", "VALID UNTIL (UTC)"]], [for r in resources : [
      tostring(r.id),
      "${r.cloud_product} ${coalesce(r.domain, r.instance_id, "-")}",
      "${coalesce(r.cert_name, "-")} (${coalesce(r.cert_id, "-")})",
      coalesce(r.cert_not_after, "-"),
  ]]) }
}

output "before" {
  value = local.rows.before
}

output "after" {
  value = local.rows.after
}

output "job" {
  value = "deployment job ${alicas_deployment_job.rotate.job_id}: ${alicas_deployment_job.rotate.status}, ${alicas_deployment_job.rotate.success_count} of ${alicas_deployment_job.rotate.worker_count} resources updated"
}
