# Roll a finished deployment back (Terraform 1.14 and later): every
# resource the job deployed to gets back the certificate it had before.
#
#   terraform apply -invoke=action.alicas_deployment_job_rollback.web
action "alicas_deployment_job_rollback" "web" {
  config {
    job_id = alicas_deployment_job.web.job_id
    # worker_ids = [123456] # only these workers; unset: every one that succeeded
    timeout = "15m"
  }
}
