# Deploy the current certificate of the shop's instance everywhere its names
# are served: every resource whose domain it covers, whatever that resource
# carries now. Once the instance is renewed, certificate_id is the new
# certificate, and the same resources match.
data "alicas_certificate_instances" "shop" {
  keyword = "shop.example.com"
  status  = "normal"
}

locals {
  current = [for i in data.alicas_certificate_instances.shop.instances : i.certificate_id if i.certificate_id != null]
}

data "alicas_matched_resources" "web" {
  certificate_ids = local.current
}

data "alicas_contacts" "ops" {
  keyword = "ops"
}

resource "alicas_deployment_job" "web" {
  name            = "shop-${join("-", local.current)}"
  certificate_ids = local.current
  resource_ids    = data.alicas_matched_resources.web.ids
  contact_ids     = data.alicas_contacts.ops.ids
}

output "targets" {
  value = {
    for r in data.alicas_matched_resources.web.resources :
    r.id => "${r.cloud_name} ${r.cloud_product} ${r.domain}"
  }
}
