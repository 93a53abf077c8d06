# Used by `make demo`, third step: the whole loop. Apply for a certificate
# on a CAS instance, publish the DNS record CAS asks for (the script does,
# as a DNS resource would), wait for issuance, deploy the certificate to
# every resource its names match; then show the plan that renews it.
terraform {
  required_providers {
    alicas = {
      source = "alicas/alicas"
    }
  }
}

provider "alicas" {}

variable "deploy" {
  description = "false: only apply (the records are shown); true: wait for the certificate and deploy it."
  type        = bool
  default     = false
}

variable "renew_before_days" {
  type    = number
  default = 30
}

data "alicas_contacts" "ops" {
  keyword = "ops"
}

resource "alicas_certificate_application" "www" {
  instance_id       = "cas_dv-cn-emu0t1" # a free DV test certificate of the account
  domains           = ["www.example.com"]
  contact_ids       = data.alicas_contacts.ops.ids
  renew_before_days = var.renew_before_days
}

# What to publish, one line of JSON per record (alicloud_alidns_record takes
# the same fields: domain_name, rr, type, value).
output "records" {
  value = concat([["ZONE", "HOST RECORD", "TYPE", "VALUE"]],
  [for r in alicas_certificate_application.www.validation_records : [r.domain_name, r.rr, r.type, r.value]])
}
output "records_json" {
  value = join("\n", [for r in alicas_certificate_application.www.validation_records :
  jsonencode({ domain_name = r.domain_name, rr = r.rr, type = r.type, value = r.value })])
}

resource "alicas_certificate_validation" "www" {
  count          = var.deploy ? 1 : 0
  application_id = alicas_certificate_application.www.id
}

# Every resource the new certificate's names match.
data "alicas_matched_resources" "www" {
  count           = var.deploy ? 1 : 0
  certificate_ids = [alicas_certificate_validation.www[0].certificate_id]
}

resource "alicas_deployment_job" "www" {
  count           = var.deploy ? 1 : 0
  name            = "issued-www.example.com"
  certificate_ids = [alicas_certificate_validation.www[0].certificate_id]
  resource_ids    = data.alicas_matched_resources.www[0].ids
  contact_ids     = data.alicas_contacts.ops.ids
}

data "alicas_cloud_resources" "after" {
  count           = var.deploy ? 1 : 0
  certificate_ids = [alicas_certificate_validation.www[0].certificate_id]
  depends_on      = [alicas_deployment_job.www]
}

output "issued" {
  value = var.deploy ? "certificate ${alicas_certificate_validation.www[0].certificate_id}, valid until ${alicas_certificate_validation.www[0].not_after}" : null
}

output "after" {
  value = var.deploy ? concat([["RESOURCE", "ON", "CERTIFICATE", "VALID UNTIL (UTC)"]], [for r in data.alicas_cloud_resources.after[0].resources : [
    tostring(r.id),
    "${r.cloud_product} ${coalesce(r.domain, r.instance_id, "-")}",
    "${coalesce(r.cert_name, "-")} (${coalesce(r.cert_id, "-")})",
    coalesce(r.cert_not_after, "-"),
  ]]) : null
}
