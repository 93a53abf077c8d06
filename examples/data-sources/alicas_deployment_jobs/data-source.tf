# Every job that failed, and the web jobs whatever their status.
data "alicas_deployment_jobs" "failed" {
  status = "error"
}

data "alicas_deployment_jobs" "web" {
  name_regex = "^web-"
}

output "failed_jobs" {
  value = { for j in data.alicas_deployment_jobs.failed.jobs : j.id => "${j.name} (${j.product_name}) ended ${j.ended_at}" }
}

# A job ID feeds the other data sources.
data "alicas_deployment_job_certs" "web" {
  for_each = toset(data.alicas_deployment_jobs.web.ids)
  job_id   = each.value
}
