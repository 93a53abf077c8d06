# The contacts a deployment job notifies: every one whose name, email or
# mobile number contains "ops".
data "alicas_contacts" "ops" {
  keyword = "ops"
}

output "ops_contact_ids" {
  value = data.alicas_contacts.ops.ids
}
