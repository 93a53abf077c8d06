# The other clouds' AccessKeys stored in CAS (never their secrets).
data "alicas_cloud_accesses" "tencent" {
  cloud_name = "Tencent"
}

output "tencent_keys" {
  value = [for k in data.alicas_cloud_accesses.tencent.keys : "${k.access_id}: ${k.secret_id} (${k.service_status})"]
}
