# Which resources did deployment job 8888 fail to deploy to?
data "alicas_deployment_job_workers" "failed" {
  job_id = 8888
  status = "error"
}

output "failed" {
  value = [
    for w in data.alicas_deployment_job_workers.failed.workers :
    "${w.cloud_product} ${coalesce(w.resource_domain, w.instance_id, w.resource_id)}: certificate ${w.cert_id}"
  ]
}
