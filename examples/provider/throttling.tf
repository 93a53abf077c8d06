provider "alicas" {
  max_retries             = 15 # ride out longer outages
  max_requests_per_second = 5  # leave room for other tools on the same account
}

data "alicas_deployment_job_certs" "web" {
  job_id = 8888
  timeouts {
    read = "10m"
  }
}
