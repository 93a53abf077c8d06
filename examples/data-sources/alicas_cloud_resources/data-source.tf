# Where is the certificate that expires soon deployed? The IDs are what a
# deployment job's resource_ids take (CAS's own IDs, not instance IDs).
data "alicas_cloud_resources" "carrying_old" {
  certificate_ids = [11174101]
}

# Every CDN domain of shop.example.com, with HTTPS on.
data "alicas_cloud_resources" "shop_cdn" {
  cloud_product = "CDN"
  keyword       = "shop.example.com"
}

output "carrying_old" {
  value = {
    for r in data.alicas_cloud_resources.carrying_old.resources :
    r.id => "${r.cloud_product} ${coalesce(r.domain, r.instance_id)} (${r.region_id})"
  }
}

output "shop_cdn_with_https" {
  value = [for r in data.alicas_cloud_resources.shop_cdn.resources : r.id if r.enable_https == true]
}
