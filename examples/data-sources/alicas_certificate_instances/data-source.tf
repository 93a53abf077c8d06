# Instances whose certificate ends within 30 days: the ones to renew.
data "alicas_certificate_instances" "renew" {
  certificate_status = "willExpire"
}

# Bought instances never applied for: certificates paid for and unused.
data "alicas_certificate_instances" "unused" {
  status        = "inactive"
  instance_type = "BUY"
}

output "to_renew" {
  value = {
    for i in data.alicas_certificate_instances.renew.instances :
    i.instance_id => "${i.certificate_id} (${join(", ", i.certificate_domains)}) ends ${i.certificate_not_after}"
  }
}

output "unused" {
  value = data.alicas_certificate_instances.unused.ids
}
