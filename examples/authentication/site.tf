# An international-site (alibabacloud.com) account: CAS and STS are called in
# Singapore, chosen without any API call. Timeouts are in milliseconds.
provider "alicas" {
  account_type           = "International"
  region                 = "eu-central-1"
  configuration_source   = "team-a/certs" # appended to the User-Agent
  client_connect_timeout = 10000
  client_read_timeout    = 30000
}
