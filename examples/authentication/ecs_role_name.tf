# On an ECS instance with a RAM role attached: credentials come from the
# instance metadata service.
provider "alicas" {
  ecs_role_name = "certs-reader"
}
