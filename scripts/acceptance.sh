#!/usr/bin/env bash
# Runs the acceptance tests (internal/provider, the only package that drives a
# CLI) through the CLI at $1 and says how many passed, skipped and failed
# through which version, so a CI log shows the counts per CLI; the failures'
# output is shown, the rest is not.
#
#   scripts/acceptance.sh /path/to/terraform [go test flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 CLI [go test flags...]" >&2; exit 2; }
cli=$1
shift
# The whole answer, then its first line: `| head -n 1` could end the CLI with
# SIGPIPE, which pipefail would turn into a failure.
version=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$cli" version)
version=${version%%$'\n'*}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
TF_ACC_TERRAFORM_PATH=$cli go test -count=1 -timeout 20m -v "$@" ./internal/provider/ >"$log" 2>&1 || rc=$?
grep -E '^(--- FAIL|FAIL|ok|panic)' "$log" || true
echo "acceptance tests through $version ($cli): $(grep -c '^--- PASS' "$log") passed," \
	"$(grep -c '^--- SKIP' "$log") skipped, $(grep -c '^--- FAIL' "$log") failed"
if [ "$rc" -ne 0 ]; then
	# go test -v prints a test's errors just before its "--- FAIL" line (a panic's after).
	grep -B25 -A5 -E '^--- FAIL|^panic' "$log" | head -400 || true
fi
exit "$rc"
