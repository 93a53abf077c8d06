#!/usr/bin/env bash
# Prints the path of the newest Terraform (or OpenTofu) CLI, which `make test`
# runs the acceptance tests through besides the one on PATH; builds it first if
# it is not cached. No release can be downloaded where CI runs, but the Go
# module proxy serves both CLIs' source, and they build from it.
#
#   scripts/terraform-cli.sh terraform   # Terraform $TERRAFORM_VERSION
#   scripts/terraform-cli.sh tofu        # OpenTofu $TOFU_VERSION
#
# The binary is kept in ${XDG_CACHE_HOME:-$HOME/.cache}/alicas/cli/<name>-<version>/,
# outside the repository, and reused. A build takes about 10 minutes with a cold
# Go build cache and seconds with a warm one; progress goes to stderr.
set -euo pipefail

# The versions, pinned here and nowhere else: the Makefile and .ci/run ask this
# script for the binary and the binary for its version.
TERRAFORM_VERSION=1.16.4
TOFU_VERSION=1.12.6

usage() {
	echo "usage: $0 terraform|tofu" >&2
	exit 2
}
[ $# -eq 1 ] || usage
name=$1
case $name in
terraform) module=github.com/hashicorp/terraform version=v$TERRAFORM_VERSION main=. banner="Terraform $TERRAFORM_VERSION" ;;
tofu) module=github.com/opentofu/opentofu version=v$TOFU_VERSION main=./cmd/tofu banner="OpenTofu $TOFU_VERSION" ;;
*) usage ;;
esac
banner=${banner/ / v} # what the first line of `<cli> version` says, e.g. "Terraform v1.16.4"

cache=${XDG_CACHE_HOME:-$HOME/.cache}/alicas/cli/$name-${version#v}
bin=$cache/$name

# The first line of `<cli> version`, with no CLI config to warn about and no
# update check.
reported_version() {
	local out
	out=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version) || return 1
	echo "${out%%$'\n'*}"
}

if [ -x "$bin" ] && [ "$(reported_version "$bin")" = "$banner" ]; then
	echo "$bin"
	exit 0
fi

say() { echo "terraform-cli.sh: $*" >&2; }
say "building $banner from $module@$version (minutes with a cold Go build cache)"

work=$(mktemp -d "${TMPDIR:-/tmp}/alicas-cli.XXXXXX")
# Files copied from the module cache are read-only; make them removable.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# Directory, commit time (UTC, as a pseudo-version writes it) and commit of a
# module version in the module cache, separated by '|'.
module_info() {
	go mod download "$1"
	go list -m -f '{{.Dir}}|{{.Time.UTC.Format "20060102150405"}}|{{with .Origin}}{{.Hash}}{{end}}|{{.GoVersion}}' "$1"
}

info=$(module_info "$module@$version")
IFS='|' read -r dir time hash go_version <<<"$info"
src=$work/src
cp -R "$dir" "$src"
chmod -R u+w "$src"

# The module zip leaves out nested modules (directories with their own go.mod),
# which go.mod replaces with local paths (`replace X => ./internal/legacy`):
# fetch each at the tag's commit and put it where its replace points.
local_replaces() {
	awk '{ sub(/\/\/.*/, "") }
	/=>/ {
		old = ($1 == "replace") ? $2 : $1
		for (i = 1; i <= NF && $i != "=>"; i++) {}
		if ($(i + 1) ~ /^\.\.?\//) print old, $(i + 1)
	}' "$src/go.mod"
}
replaces=$(local_replaces)
while read -r nested target; do
	[ -n "$nested" ] || continue
	if [ -z "$hash" ]; then
		say "the module proxy did not name the commit of $module@$version; cannot fetch $nested"
		exit 1
	fi
	pseudo=v0.0.0-$time-${hash:0:12}
	info=$(module_info "$nested@$pseudo")
	nested_dir=${info%%|*}
	rm -rf "${src:?}/$target"
	mkdir -p "$(dirname "$src/$target")"
	cp -R "$nested_dir" "$src/$target"
	chmod -R u+w "$src/$target"
done <<<"$replaces"

# The installed Go when it is new enough (no toolchain download); otherwise the
# toolchain the module asks for, which the module proxy serves as golang.org/toolchain.
toolchain=local
installed=$(go env GOVERSION)
installed=${installed#go}
if [ "$(printf '%s\n%s\n' "$go_version" "$installed" | sort -V | tail -n 1)" != "$installed" ]; then
	toolchain=go$go_version
	say "$module@$version needs Go $go_version, newer than the installed $installed: using toolchain $toolchain"
fi

# As the projects' own release builds do: static, trimmed, and "-dev" off.
(cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=$toolchain GOWORK=off go build -trimpath \
	-ldflags "-s -w -X $module/version.dev=no" -o "$work/$name" "$main")

got=$(reported_version "$work/$name")
if [ "$got" != "$banner" ]; then
	say "the build reports '$got', not '$banner'"
	exit 1
fi

# Moved into place whole, so an interrupted build leaves nothing half-written in the cache.
mkdir -p "$cache"
mv "$work/$name" "$cache/.$name.tmp"
mv "$cache/.$name.tmp" "$bin"
say "built $bin"
echo "$bin"
