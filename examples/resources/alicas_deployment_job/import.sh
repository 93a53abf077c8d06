# A deployment job is imported by its job ID.
terraform import alicas_deployment_job.shop 20001
