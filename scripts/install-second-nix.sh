#!/usr/bin/env bash
# Installs Debian trixie's Nix 2.26.3 into a private prefix beside the system's Nix, without touching the system
# (bookworm's libc is too old for it, so apt cannot install it normally). The version matrix
# (bench/nix-versions.bench.ts) and the two-version integration tests use it; without it they say why they run
# on one Nix. Idempotent: a prefix whose `nix --version` already prints the version is left alone.
# Method (measured here, docs/nix-versions.md): apt with its own sources list, state and cache downloads the whole
# dependency closure of nix-bin (libc included); dpkg -x unpacks it; patchelf points nix at that libc. Running nix
# through the loader instead would break whatever re-executes /proc/self/exe (build hooks, remote builders).
# Exit codes: 0 installed or already present; 2 trixie unreachable or not Debian/root (a warning: the system Nix
# still works); 1 anything else.
set -euo pipefail
version="${FLAKEBENCH_SECOND_NIX_VERSION:-2.26.3}"
prefix="${FLAKEBENCH_SECOND_NIX_PREFIX:-/opt/flakebench/nix-$version}"
nix="$prefix/usr/bin/nix"

if [ -x "$nix" ] && "$nix" --version 2>/dev/null | grep -qF "$version"; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
  echo "flakebench: Nix $version is not installed at $prefix; it needs root and apt-get (Debian)." >&2
  echo "  Everything runs on the system Nix; the Nix-versions matrix will have one column." >&2
  echo "  To add it: sudo bash scripts/install-second-nix.sh" >&2
  exit 2
fi
if ! command -v patchelf >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null
fi

work="$(mktemp -d /tmp/flakebench-second-nix.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/unpack"
: >"$work/status"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" >"$work/sources.list"
apt_private=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists" -o "Dir::State::status=$work/status" -o "Dir::Cache=$work/cache"
  -o "APT::Get::List-Cleanup=false" -o "Debug::NoLocking=true")

echo "flakebench: installing Nix $version (Debian trixie) into $prefix" >&2
if ! apt-get "${apt_private[@]}" update -qq >"$work/update.log" 2>&1 \
  || ! apt-get "${apt_private[@]}" install -y -qq --download-only --no-install-recommends "nix-bin=$version*" \
    >"$work/download.log" 2>&1; then
  echo "flakebench: could not download Nix $version from Debian's trixie suite (http://deb.debian.org/debian):" >&2
  tail -n 5 "$work/update.log" "$work/download.log" 2>/dev/null | sed 's/^/  /' >&2
  echo "  Everything runs on the system Nix; the Nix-versions matrix will have one column." >&2
  echo "  Retry when the archive is reachable: bash scripts/install-second-nix.sh" >&2
  exit 2
fi
for deb in "$work"/cache/archives/*.deb; do
  dpkg -x "$deb" "$work/unpack"
done
libs="$prefix/usr/lib/x86_64-linux-gnu:$prefix/lib/x86_64-linux-gnu"
patchelf --set-interpreter "$prefix/usr/lib64/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$libs" \
  "$work/unpack/usr/bin/nix"
# Move into place only once complete, so an interrupted install is never mistaken for a finished one.
mkdir -p "$(dirname "$prefix")"
rm -rf "$prefix.partial" "$prefix"
mv "$work/unpack" "$prefix.partial"
mv "$prefix.partial" "$prefix"
if ! "$nix" --version | grep -qF "$version"; then
  echo "flakebench: $nix was installed but does not run: $("$nix" --version 2>&1 | head -n 2)" >&2
  exit 1
fi
echo "flakebench: $("$nix" --version) at $nix" >&2
