#!/usr/bin/env bash
# bench/apply.sh: what one `terraform apply` of an alicas_deployment_job costs
# against the job's own duration: the API calls it makes (from the
# emulator's request log, by action) and its wall time, with the emulator's
# jobs taking BENCH_JOB_STEP per step (default 2s, the emulator's default; a
# job runs two steps once started). Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

terraform_bin=${TF_ACC_TERRAFORM_PATH:-terraform}
step=${BENCH_JOB_STEP:-2s}
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

go build -trimpath -ldflags "-s -w" -o "$work/bin/terraform-provider-alicas" .
go build -o "$work/bin/alicas-emulator" ./cmd/alicas-emulator

"$work/bin/alicas-emulator" -addr 127.0.0.1:0 -job-step "$step" >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n '1s/^listening on //p' "$work/emulator.out")
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "emulator did not start" >&2; exit 1; }

cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/alicas/alicas" = "$work/bin"
  }
  direct {}
}
CFG
mkdir -p "$work/run"
cat >"$work/run/main.tf" <<'TF'
terraform {
  required_providers {
    alicas = { source = "alicas/alicas" }
  }
}
provider "alicas" {}

# Two certificates onto four resources of the emulator's default account.
resource "alicas_deployment_job" "bench" {
  name            = "bench"
  certificate_ids = [11174101, 11174106]
  resource_ids    = [22001, 22005, 22006, 20981]
  contact_ids     = [3304]
}

data "alicas_deployment_job" "bench" {
  job_id = alicas_deployment_job.bench.job_id
}

output "job_ms" { # from its creation to its end, by the emulator's clock
  value = data.alicas_deployment_job.bench.end_time - data.alicas_deployment_job.bench.gmt_create
}
output "workers" {
  value = "${alicas_deployment_job.bench.success_count} of ${alicas_deployment_job.bench.worker_count}"
}
TF
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 ALIBABA_CLOUD_ECS_METADATA_DISABLED=true CHECKPOINT_DISABLE=1
export ALIBABA_CLOUD_ENDPOINT_CAS="$url" ALICLOUD_ACCESS_KEY=LTAI5tAlicasEmulatorKey ALICLOUD_SECRET_KEY=alicas-emulator-secret
unset ALICLOUD_SECURITY_TOKEN ALIBABA_CLOUD_SECURITY_TOKEN ALIBABACLOUD_SECURITY_TOKEN

# Warm up the CLI (schema cache, plugin start) on a plan that calls nothing.
"$terraform_bin" -chdir="$work/run" validate -no-color >/dev/null 2>&1
before=$(grep -c 'msg=request' "$work/emulator.log" || true)
start=$(date +%s%N)
"$terraform_bin" -chdir="$work/run" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1 || { cat "$work/apply.log" >&2; exit 1; }
end=$(date +%s%N)
wall_ms=$(((end - start) / 1000000))
job_ms=$("$terraform_bin" -chdir="$work/run" output -raw job_ms)

echo "One apply of alicas_deployment_job (job step $step, workers $("$terraform_bin" -chdir="$work/run" output -raw workers)):"
printf '  wall time of terraform apply  %6d ms\n' "$wall_ms"
printf '  the job itself (create->end)  %6d ms\n' "$job_ms"
printf '  apply beyond the job          %6d ms\n' "$((wall_ms - job_ms))"
echo "  API calls: $(($(grep -c 'msg=request' "$work/emulator.log") - before))"
sed -n "$((before + 1)),\$p" "$work/emulator.log" | grep 'msg=request' | sed -n 's/.*action=\([A-Za-z]*\).*/\1/p' | sort | uniq -c | sort -rn | sed 's/^/    /'
