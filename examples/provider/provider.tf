# Credentials from the environment, the variables the alicloud provider reads:
#   export ALICLOUD_ACCESS_KEY="LTAI..."   # or ALIBABA_CLOUD_ACCESS_KEY_ID
#   export ALICLOUD_SECRET_KEY="..."       # or ALIBABA_CLOUD_ACCESS_KEY_SECRET
provider "alicas" {
  region = "cn-hangzhou"
}

data "alicas_deployment_jobs" "all" {}

output "deployment_jobs" {
  value = zipmap(data.alicas_deployment_jobs.all.ids, data.alicas_deployment_jobs.all.names)
}
