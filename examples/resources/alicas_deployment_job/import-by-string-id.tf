import {
  to = alicas_deployment_job.shop
  id = "20001"
}
