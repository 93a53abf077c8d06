data "alicas_deployment_job_certs" "web" {
  job_id = 8888
}

locals {
  # Certificates of the job that stop being valid within 30 days of this plan.
  expiring_within_30_days = [
    for c in [for c in data.alicas_deployment_job_certs.web.certificates : c if c.not_after != null] :
    "${c.cert_name} (${c.common_name}) expires ${c.not_after}"
    if timecmp(c.not_after, timeadd(plantimestamp(), "720h")) < 0
  ]
}

output "expiring_within_30_days" {
  value = local.expiring_within_30_days
}

# Warn on every plan while a deployed certificate is about to expire.
check "deployment_job_certificates_valid_30_days" {
  assert {
    condition     = length(local.expiring_within_30_days) == 0
    error_message = "Renew before they expire: ${join("; ", local.expiring_within_30_days)}"
  }
}
