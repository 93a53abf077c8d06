# Used by `make demo`: the provider reads its endpoint and keys from the
# environment the demo script sets (ALIBABA_CLOUD_ENDPOINT_CAS, ALICLOUD_*).
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

locals {
  row = "%-26s %-30s %-12s %s"
}

output "certificates_table" {
  value = join("\n", concat(
    [format(local.row, "NAME", "COMMON NAME", "STATUS", "NOT AFTER (UTC)")],
    [for c in data.alicas_deployment_job_certs.demo.certificates :
      format(local.row, coalesce(c.cert_name, "-"), coalesce(c.common_name, "-"), coalesce(c.status_code, "-"), coalesce(c.not_after, "-"))
    ],
  ))
}

# local.expiring_within_30_days comes from the README's example, which the demo
# copies beside this file.
output "expiring_table" {
  value = join("\n", local.expiring_within_30_days)
}
