# An AccessKey pair, best taken from the environment (the variables the
# alicloud provider reads):
#   export ALICLOUD_ACCESS_KEY="LTAI..."
#   export ALICLOUD_SECRET_KEY="..."
#   export ALICLOUD_SECURITY_TOKEN="..."  # only for temporary STS keys
provider "alicas" {}
