# terraform query -generate-config-out=jobs.tf (Terraform 1.14 and later)
# lists the deployment jobs named web-* and writes an alicas_deployment_job
# block, with what each deploys, and an import block for each.
list "alicas_deployment_job" "web" {
  provider         = alicas
  include_resource = true
  config {
    name_regex = "^web-"
  }
}
