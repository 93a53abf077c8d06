# Renewal from a scheduled plan: apply for a certificate on an instance, wait
# for it, deploy it everywhere its names are served. Within
# renew_before_days of its end, the next plan applies again and the job
# deploys the new certificate: run `terraform apply` nightly.
#
# (The other way: an instance with auto_reissue renews by itself; read its
# current certificate with data.alicas_certificate_instances and give that to
# the job, as the data source's example does.)
data "alicas_contacts" "ops" {
  keyword = "ops"
}

resource "alicas_certificate_application" "www" {
  instance_id       = "cas_dv-cn-emu0t1"
  domains           = ["www.example.io"] # a zone in Alibaba Cloud DNS of this account: CAS validates it by itself
  contact_ids       = data.alicas_contacts.ops.ids
  renew_before_days = 30
}

# A zone hosted elsewhere needs the records published, e.g.:
#
# resource "alicloud_alidns_record" "validation" {
#   for_each    = { for r in alicas_certificate_application.www.validation_records : r.domain => r }
#   domain_name = each.value.domain_name
#   rr          = each.value.rr
#   type        = each.value.type
#   value       = each.value.value
# }

resource "alicas_certificate_validation" "www" {
  application_id = alicas_certificate_application.www.id
  # validation_record_fqdns = [for r in alicloud_alidns_record.validation : "${r.rr}.${r.domain_name}"]
}

data "alicas_matched_resources" "www" {
  certificate_ids = [alicas_certificate_validation.www.certificate_id]
}

resource "alicas_deployment_job" "www" {
  name            = "www.example.io"
  certificate_ids = [alicas_certificate_validation.www.certificate_id]
  resource_ids    = data.alicas_matched_resources.www.ids
  contact_ids     = data.alicas_contacts.ops.ids
}
