# Where is the certificate that expires soon deployed? The IDs are what a
# deployment job's resource_ids take (CAS's own IDs, not instance IDs).
data "alicas_cloud_resources" "carrying_old" {
  certificate_ids = [11174101]
}

# The CDN domains under example.com.
data "alicas_cloud_resources" "example_cdn" {
  cloud_product = "CDN"
  keyword       = "example.com"
}

output "carrying_old" {
  value = {
    for r in data.alicas_cloud_resources.carrying_old.resources :
    r.id => "${r.cloud_product} ${coalesce(r.domain, r.instance_id)} (${r.region_id})"
  }
}

# Deployment jobs update a certificate only where HTTPS is already on.
output "example_cdn_with_https" {
  value = [for r in data.alicas_cloud_resources.example_cdn.resources : r.id if r.enable_https == true]
}
