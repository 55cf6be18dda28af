#!/usr/bin/env bash
# Installs the system packages flakebench measures with, on Debian/Ubuntu, as root:
#   nix-bin   Nix itself (Debian's build: single-user, no daemon)
#   git       the fixture flake is a git repository
#   time      GNU time: user/system CPU and peak RSS per sample
#   busybox-static  a /bin/sh inside the Nix build sandbox (Debian's Nix has none there)
#   openssh-client, age  real key material for the vars-generation series (ssh-keygen; age encryption)
#   openssh-server, iproute2  sshd test hosts, each in its own network namespace
#   hyperfine  the reference `npm run calibrate` checks flakebench's measuring path against
# Then a second Nix (2.26.3) in a private prefix for the Nix-versions matrix: scripts/install-second-nix.sh.
set -euo pipefail
here="$(dirname "$0")"
# A second Nix that cannot be fetched is a warning (exit 2), never a failed setup: the system Nix still works.
second_nix() { bash "$here/install-second-nix.sh" || [ $? -eq 2 ]; }
packages=(nix-bin git time busybox-static openssh-client age openssh-server iproute2 hyperfine)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  second_nix
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "flakebench needs these Debian packages: ${missing[*]}" >&2
  echo "Run as root: sudo bash scripts/install-system-deps.sh" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "flakebench needs: ${missing[*]}, and this system has no apt-get: install them with your package manager" >&2
  exit 1
fi
echo "flakebench: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
second_nix
