# Terraform 1.12 and later: import by the resource's identity.
import {
  to = alicas_deployment_job.shop
  identity = {
    job_id = 20001
  }
}
