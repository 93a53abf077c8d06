# The on-call team CAS notifies about deployment jobs and expiring
# certificates, made here instead of by hand in the console.
resource "alicas_contact" "ops" {
  name   = "platform-ops"
  mobile = "13912345678"
  email  = "platform-ops@example.com"
  webhooks = [
    "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
  ]
}

# A deployment job tells the contact of this configuration.
resource "alicas_deployment_job" "shop" {
  name            = "shop-rotation"
  certificate_ids = [11174101]
  resource_ids    = [20981, 20982]
  contact_ids     = [alicas_contact.ops.contact_id]
}
