# A multi-cloud deployment: a certificate onto a Tencent Cloud CDN domain
# that CAS manages, with the Tencent AccessKey stored in CAS by Terraform.

variable "tencent_secret_key" {
  description = "The Tencent Cloud SecretKey, e.g. from a secret manager."
  type        = string
  ephemeral   = true # never in the plan or the state
}

resource "alicas_cloud_access" "tencent" {
  cloud_name            = "Tencent"
  secret_id             = "AKIDexampleTencentKeyId"
  secret_key_wo         = var.tencent_secret_key
  secret_key_wo_version = 1 # change it to store a new secret
}

resource "alicas_contact" "ops" {
  name   = "multicloud-ops"
  mobile = "13912345678"
  email  = "multicloud-ops@example.com"
}

data "alicas_cloud_resources" "tencent_cdn" {
  cloud_name    = "Tencent"
  cloud_product = "TencentCDN"
  keyword       = "cdn.example.io"
}

resource "alicas_deployment_job" "tencent_cdn" {
  name            = "example-io-to-tencent"
  job_type        = "cloud"
  certificate_ids = [11174106]
  resource_ids    = data.alicas_cloud_resources.tencent_cdn.ids
  contact_ids     = [alicas_contact.ops.contact_id]

  # Without a stored Tencent key, the job's workers fail.
  depends_on = [alicas_cloud_access.tencent]
}
