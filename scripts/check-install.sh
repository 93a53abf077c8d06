#!/usr/bin/env bash
# Checks that `make install` lays the provider out as a filesystem mirror that
# `terraform init` finds without dev_overrides or a registry: it runs both
# under a scratch HOME, so the real ~/.terraform.d is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
terraform_bin=${TF_ACC_TERRAFORM_PATH:-terraform}
version=$(make -s print-version)
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT

make -s install PLUGIN_MIRROR="$scratch/.terraform.d/plugins" >/dev/null
mkdir "$scratch/config"
cat >"$scratch/config/main.tf" <<CFG
terraform {
  required_providers {
    alicas = {
      source  = "alicas/alicas"
      version = "$version"
    }
  }
}
CFG
# An empty CLI config: only the implied local mirror (~/.terraform.d/plugins) and the registry remain.
: >"$scratch/terraformrc"
HOME="$scratch" TF_CLI_CONFIG_FILE="$scratch/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 \
  "$terraform_bin" -chdir="$scratch/config" init -input=false -no-color >"$scratch/init.log" 2>&1 || { cat "$scratch/init.log" >&2; exit 1; }
grep -q "Installed alicas/alicas v$version" "$scratch/init.log" || { cat "$scratch/init.log" >&2; exit 1; }
echo "install check: terraform init found alicas/alicas v$version in the local mirror"
