#!/usr/bin/env bash
# make bench: the provider's own cost, measured, written to bench/RESULTS.md.
#   1. builds the provider as a release is built (-trimpath -ldflags "-s -w"),
#      the emulator, the rusage wrapper and an empty-schema provider;
#   2. runs the Go benchmarks (decode, convert, whole read, read versus a
#      bare signed round trip);
#   3. runs bench/cmd/benchrun: the real terraform CLI against the emulator
#      process with latency, N = 0, 1, 10, 100, 1000 data sources, a
#      10,000-certificate job, `terraform query` of 10,000 certificates
#      (with a CLI of 1.14 or later), `terraform providers schema` timings;
#   4. runs bench/apply.sh: one apply of alicas_deployment_job, its API calls
#      and wall time against the job's own duration.
# Everything stays on 127.0.0.1. About 5 minutes on 2 cores.
# Knobs: BENCH_RUNS (terraform runs per measurement, default 5),
# BENCH_COUNT (go test -count, default 5), BENCH_LATENCY (default 25ms),
# BENCH_QUERY_TERRAFORM (the CLI for `terraform query`, 1.14 or later;
# default: what scripts/terraform-cli.sh builds, if that script exists).
set -euo pipefail
cd "$(dirname "$0")/.."
since=$(date +%s)

terraform_bin=${TF_ACC_TERRAFORM_PATH:-terraform}
query_terraform=${BENCH_QUERY_TERRAFORM:-}
query_skip=""
if [ -z "$query_terraform" ]; then
  if [ -f scripts/terraform-cli.sh ]; then
    # It prints the path of the CLI it built (or found built) last.
    query_terraform=$(bash scripts/terraform-cli.sh terraform | tail -n 1) || { query_terraform=""; query_skip="scripts/terraform-cli.sh failed"; }
  else
    query_skip="BENCH_QUERY_TERRAFORM is not set and there is no scripts/terraform-cli.sh to build one"
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true CHECKPOINT_DISABLE=1

echo "==> Building (release flags for the provider)"
go build -trimpath -ldflags "-s -w" -o "$work/bin/terraform-provider-alicas" .
go build -trimpath -ldflags "-s -w" -o "$work/bin/emptyprovider" ./bench/cmd/emptyprovider
go build -o "$work/bin/alicas-emulator" ./cmd/alicas-emulator
go build -o "$work/bin/rusage" ./bench/cmd/rusage
go build -o "$work/bin/benchrun" ./bench/cmd/benchrun

count=${BENCH_COUNT:-5}
echo "==> Go benchmarks (-count=$count)"
{
  go test -run '^$' -bench 'BenchmarkDecodeCertificates|BenchmarkListCertificates' -benchmem -count "$count" ./internal/cas
  go test -run '^$' -bench 'BenchmarkConvertCertificates|BenchmarkReadCertificates|BenchmarkQueryCertificates' -benchmem -count "$count" ./internal/provider
  go test -run '^$' -bench 'BenchmarkReadVersusRoundTrip' -benchtime 3s -count "$count" ./internal/provider
} | tee "$work/gobench.txt" | grep -E '^Benchmark' || true

echo "==> Terraform against the emulator"
mkdir -p "$work/run"
"$work/bin/benchrun" -bin "$work/bin" -work "$work/run" -gobench "$work/gobench.txt" -out bench/RESULTS.md \
  -terraform "$terraform_bin" -query-terraform "$query_terraform" -query-skip "$query_skip" -runs "${BENCH_RUNS:-5}" -latency "${BENCH_LATENCY:-25ms}" -since "$since"
echo "==> One apply of alicas_deployment_job"
{
  printf '\n## One apply of alicas_deployment_job\n\n'
  printf 'bench/apply.sh: `terraform apply` of one job (two certificates, four resources) against the emulator process, each job step %s.\n\n' "${BENCH_JOB_STEP:-2s}"
  printf '```text\n'
  bash bench/apply.sh
  printf '```\n'
} | tee -a bench/RESULTS.md
echo "==> Wrote bench/RESULTS.md"
