# Used by `make demo`, first step: the question. The provider reads its
# endpoint and keys from the environment the demo script sets
# (ALIBABA_CLOUD_ENDPOINT_CAS, ALICLOUD_*). The script copies the README's
# example (data.alicas_deployment_job_resources.each, local.job_names)
# beside this file, and prints the rows with cmd/alicas-demo, which sorts
# them and keeps CJK names aligned.
terraform {
  required_providers {
    alicas = {
      source = "alicas/alicas"
    }
  }
}

provider "alicas" {}

variable "job_id" {
  type    = number
  default = 8888
}

data "alicas_deployment_job_certs" "demo" {
  job_id = var.job_id
}

output "certificates" {
  value = concat(
    [["NOT AFTER (UTC)", "NAME", "COMMON NAME", "STATUS"]],
    [for c in data.alicas_deployment_job_certs.demo.certificates :
      [coalesce(c.not_after, "not issued"), coalesce(c.cert_name, "-"), coalesce(c.common_name, "-"), coalesce(c.status_code, "-")]
    ],
  )
}

# Every resource a job put a certificate on that ends within 30 days, telling
# the ones already expired from the ones about to.
locals {
  carried = flatten([
    for id, job in data.alicas_deployment_job_resources.each : [
      for r in job.resources : { job = coalesce(local.job_names[id], id), resource = r } if r.cert_not_after != null
    ]
  ])
}

output "expiring" {
  value = concat(
    [["VALID UNTIL (UTC)", "STATE", "JOB", "CERTIFICATE", "ON"]],
    [for c in local.carried : [
      c.resource.cert_not_after,
      timecmp(c.resource.cert_not_after, plantimestamp()) < 0 ? "EXPIRED" : "expires soon",
      c.job,
      coalesce(c.resource.cert_name, "-"),
      "${c.resource.cloud_product} ${coalesce(c.resource.domain, c.resource.instance_id, c.resource.id)}",
    ] if timecmp(c.resource.cert_not_after, timeadd(plantimestamp(), "720h")) < 0],
  )
}
