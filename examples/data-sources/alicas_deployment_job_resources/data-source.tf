# Which of my deployment jobs put a certificate that expires within 30 days
# on which resource?
data "alicas_deployment_jobs" "all" {}

data "alicas_deployment_job_resources" "each" {
  for_each = toset(data.alicas_deployment_jobs.all.ids)
  job_id   = each.value
}

locals {
  job_names = zipmap(data.alicas_deployment_jobs.all.ids, data.alicas_deployment_jobs.all.names)

  expiring_within_30_days = flatten([
    for id, job in data.alicas_deployment_job_resources.each : [
      for r in [for r in job.resources : r if r.cert_not_after != null] :
      "${coalesce(local.job_names[id], id)}: ${r.cert_name} on ${r.cloud_product} ${coalesce(r.domain, r.instance_id, r.id)}, valid until ${r.cert_not_after}"
      if timecmp(r.cert_not_after, timeadd(plantimestamp(), "720h")) < 0
    ]
  ])
}

output "expiring_within_30_days" {
  value = local.expiring_within_30_days
}
