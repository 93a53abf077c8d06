data "alicas_deployment_job" "web" {
  job_id = 8888
}

output "web_job" {
  value = {
    name     = data.alicas_deployment_job.web.name
    status   = data.alicas_deployment_job.web.status
    finished = data.alicas_deployment_job.web.ended_at
    cert_ids = data.alicas_deployment_job.web.cert_ids
    notify   = [for c in data.alicas_deployment_job.web.contacts : c.email]
  }
}
