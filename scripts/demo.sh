#!/usr/bin/env bash
# make demo: build the provider and the emulator, start the emulator on a free
# loopback port with the default fixture, and run the real terraform CLI
# against it through dev_overrides, twice:
#   1. the question: the certificates of job 8888, and which jobs put a
#      certificate that has expired or expires within 30 days on which resource;
#   2. the rotation: a renewed certificate made here for the one expiring
#      soonest, uploaded (alicas_certificate, key write-only) and deployed
#      (alicas_deployment_job) to every resource that carries the old one
#      (alicas_cloud_resources), those resources shown before and after;
#   3. the whole loop: a certificate CAS issues (alicas_certificate_application
#      on a free DV test instance), the DNS record it asks for shown and
#      published, issuance waited for (alicas_certificate_validation), the
#      certificate deployed to every resource its names match
#      (alicas_matched_resources), then the plan that renews it.
# Then it stops the emulator and removes what it made.
set -euo pipefail
cd "$(dirname "$0")/.."

terraform_bin=${TF_ACC_TERRAFORM_PATH:-terraform}
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-alicas" .
go build -o "$work/bin/alicas-emulator" ./cmd/alicas-emulator
go build -o "$work/bin/alicas-demo" ./cmd/alicas-demo

echo "==> Starting the CAS emulator"
# Each step of a deployment job takes 200ms instead of the default 2s.
"$work/bin/alicas-emulator" -addr 127.0.0.1:0 -job-step 200ms >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n '1s/^listening on //p' "$work/emulator.out")
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "emulator did not start" >&2; exit 1; }
echo "    $url"

cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/alicas/alicas" = "$work/bin"
  }
  direct {}
}
CFG

mkdir -p "$work/question" "$work/rotate" "$work/issue"
cp examples/demo/main.tf "$work/question/"
# The README's question, answered by its example (data.alicas_deployment_job_resources.each, local.job_names).
cp examples/data-sources/alicas_deployment_job_resources/data-source.tf "$work/question/expiring.tf"
cp examples/demo/rotate/main.tf "$work/rotate/"
cp examples/demo/issue/main.tf "$work/issue/"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
export CHECKPOINT_DISABLE=1 # no version check against checkpoint-api.hashicorp.com
export ALIBABA_CLOUD_ENDPOINT_CAS="$url"
export ALICLOUD_ACCESS_KEY=LTAI5tAlicasEmulatorKey
export ALICLOUD_SECRET_KEY=alicas-emulator-secret
unset ALICLOUD_SECURITY_TOKEN ALIBABA_CLOUD_SECURITY_TOKEN ALIBABACLOUD_SECURITY_TOKEN

# apply DIR [ARG...]: terraform apply there (dev_overrides needs no terraform
# init; terraform warns about that, as expected), its log shown only on
# failure; says how long it took.
apply() {
  local dir=$1 started
  shift
  started=$(date +%s%N)
  if ! "$terraform_bin" -chdir="$dir" apply -auto-approve -input=false -no-color "$@" >"$dir/apply.log" 2>&1; then
    cat "$dir/apply.log" >&2
    exit 1
  fi
  echo "    $(grep '^Apply complete' "$dir/apply.log") ($(( ($(date +%s%N) - started) / 1000000 )) ms)"
}

# table DIR OUTPUT [COLUMN]: print a terraform output of rows, sorted by COLUMN.
table() {
  "$terraform_bin" -chdir="$1" output -json "$2" | "$work/bin/alicas-demo" table -sort "${3:-0}" | sed 's/^/  /'
}

echo "==> terraform apply: the deployment jobs, their certificates and resources"
apply "$work/question"
echo
echo "Certificates of deployment job 8888, soonest to end first:"
echo
table "$work/question" certificates 1
echo
echo "Which deployment job put a certificate that has expired, or expires within 30 days, on which resource?"
echo
table "$work/question" expiring 1
echo
echo "==> Renewing shop.example.com (certificate 11174101, expires soonest): a new certificate made here"
"$work/bin/alicas-demo" cert -dir "$work/rotate" shop.example.com '*.shop.example.com'
echo "==> terraform apply: upload it (alicas_certificate, key write-only) and deploy it (alicas_deployment_job)"
apply "$work/rotate"
echo
echo "Before: the resources that carry certificate 11174101"
echo
table "$work/rotate" before 1
echo
echo "After: $("$terraform_bin" -chdir="$work/rotate" output -raw job)"
echo
table "$work/rotate" after 1
echo
if grep -qF "$(sed -n 2p "$work/rotate/renewed.key")" "$work/rotate/terraform.tfstate"; then
  echo "the private key of the renewed certificate is in the state file" >&2
  exit 1
fi
echo "The private key of the renewed certificate is not in the state file (private_key_wo is write-only)."
echo
echo "==> The whole loop: a certificate CAS issues, on instance cas_dv-cn-emu0t1 (a free DV test certificate)"
echo "==> terraform apply: apply for www.example.com (alicas_certificate_application)"
apply "$work/issue"
echo
echo "The DNS record CAS asks for (alicloud_alidns_record takes these fields):"
echo
table "$work/issue" records
"$terraform_bin" -chdir="$work/issue" output -raw records_json | while IFS= read -r record || [ -n "$record" ]; do
  [ -z "$record" ] || curl -fsS -X POST -H 'Content-Type: application/json' -d "$record" "$url/dns/records" >/dev/null
done
echo
echo "    published, here through the emulator's DNS endpoint, as a DNS resource would publish it"
echo "==> terraform apply -var deploy=true: wait for the certificate (alicas_certificate_validation), deploy it to every"
echo "    resource its names match (alicas_matched_resources, alicas_deployment_job)"
apply "$work/issue" -var deploy=true
echo
echo "Issued: $("$terraform_bin" -chdir="$work/issue" output -raw issued)"
echo
table "$work/issue" after 1
echo
echo "==> A month later (the emulator cannot move time under signed requests, so the window widens instead:"
echo "    renew_before_days = 90 on a 90-day certificate), the nightly plan renews it and deploys the new one:"
"$terraform_bin" -chdir="$work/issue" plan -input=false -no-color -var deploy=true -var renew_before_days=90 >"$work/issue/plan.log" 2>&1 ||
  { cat "$work/issue/plan.log" >&2; exit 1; }
grep -E 'must be replaced|^Plan:' "$work/issue/plan.log" | sed 's/^/    /'
