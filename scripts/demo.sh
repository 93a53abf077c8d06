#!/usr/bin/env bash
# make demo: build the provider and the emulator, start the emulator on a free
# loopback port with the default fixture, run the real terraform CLI against
# it through dev_overrides, print the certificates of job 8888 and which jobs
# put a certificate expiring within 30 days on which resource, clean up.
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

echo "==> Starting the CAS emulator"
"$work/bin/alicas-emulator" -addr 127.0.0.1:0 >"$work/emulator.out" 2>"$work/emulator.log" &
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

cp examples/demo/main.tf "$work/"
# The README's question, answered by its example (defines local.expiring_within_30_days).
cp examples/data-sources/alicas_deployment_job_resources/data-source.tf "$work/expiring.tf"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
export CHECKPOINT_DISABLE=1 # no version check against checkpoint-api.hashicorp.com
export ALIBABA_CLOUD_ENDPOINT_CAS="$url"
export ALICLOUD_ACCESS_KEY=LTAI5tAlicasEmulatorKey
export ALICLOUD_SECRET_KEY=alicas-emulator-secret
unset ALICLOUD_SECURITY_TOKEN ALIBABA_CLOUD_SECURITY_TOKEN ALIBABACLOUD_SECURITY_TOKEN

echo "==> terraform apply (reads the deployment jobs, their certificates and resources)"
# dev_overrides needs no terraform init (terraform warns about that; expected).
if ! "$terraform_bin" -chdir="$work" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1; then
  cat "$work/apply.log" >&2
  exit 1
fi
grep '^Apply complete' "$work/apply.log" | sed 's/^/    /'

echo
echo "Certificates of deployment job 8888 (served by the emulator):"
echo
"$terraform_bin" -chdir="$work" output -raw certificates_table
echo
echo
echo "Which deployment job put a certificate that expires within 30 days on which resource?"
echo
"$terraform_bin" -chdir="$work" output -raw expiring_table
echo
