#!/usr/bin/env bash
# Checks what `make release-snapshot` built: every archive holds the provider
# binary and the registry manifest, the checksums match, and the binary for
# this machine reports the snapshot's version.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=dist
shopt -s nullglob
zips=("$dist"/terraform-provider-alicas_*.zip)
[ ${#zips[@]} -gt 0 ] || { echo "no archives in $dist/" >&2; exit 1; }

sums=("$dist"/*_SHA256SUMS)
[ ${#sums[@]} -eq 1 ] || { echo "expected one SHA256SUMS file in $dist/" >&2; exit 1; }
(cd "$dist" && sha256sum --quiet --ignore-missing -c "$(basename "${sums[0]}")")
# The manifest is uploaded beside the archives under a versioned name; its sum must be the source file's.
manifest_sum=$(sha256sum terraform-registry-manifest.json | cut -d' ' -f1)
grep -q "^$manifest_sum  terraform-provider-alicas_.*_manifest.json$" "${sums[0]}" || { echo "SHA256SUMS lacks the manifest" >&2; exit 1; }

expected="linux_amd64 linux_arm64 linux_386 linux_arm darwin_amd64 darwin_arm64 windows_amd64 windows_arm64 freebsd_amd64 freebsd_arm64"
for platform in $expected; do
  ls "$dist"/terraform-provider-alicas_*_"$platform".zip >/dev/null 2>&1 || { echo "missing archive for $platform" >&2; exit 1; }
done

for zip in "${zips[@]}"; do
  name=$(basename "$zip" .zip)                   # terraform-provider-alicas_<version>_<os>_<arch>
  version=$(echo "$name" | cut -d_ -f2)
  listing=$(unzip -Z1 "$zip")
  echo "$listing" | grep -qx "terraform-provider-alicas_v${version}\(\.exe\)\?" || { echo "$zip: no provider binary" >&2; exit 1; }
  echo "$listing" | grep -qx "terraform-registry-manifest.json" || { echo "$zip: no manifest" >&2; exit 1; }
  manifest=$(unzip -p "$zip" terraform-registry-manifest.json)
  echo "$manifest" | grep -q '"6.0"' || { echo "$zip: manifest does not declare protocol 6.0" >&2; exit 1; }
done

host_zip=$(ls "$dist"/terraform-provider-alicas_*_"$(go env GOOS)_$(go env GOARCH)".zip)
version=$(basename "$host_zip" .zip | cut -d_ -f2)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
unzip -q "$host_zip" -d "$tmp"
reported=$("$tmp/terraform-provider-alicas_v$version" -version)
[ "$reported" = "terraform-provider-alicas $version" ] || { echo "binary reports '$reported', want version $version" >&2; exit 1; }
echo "release check: ${#zips[@]} archives, each with binary and manifest; checksums match; binary reports $version"
