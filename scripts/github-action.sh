#!/usr/bin/env bash
# The work of the GitHub Action (action.yml), runnable on any machine: in the working directory, it runs the
# benches as `flakebench bench` does, appends PERFORMANCE.md to $GITHUB_STEP_SUMMARY, writes the outputs' paths and
# the exit code to $GITHUB_OUTPUT, and exits with flakebench's exit code. Inputs: INPUT_CONFIG, INPUT_PROFILE,
# INPUT_BENCHES (space-separated); each may be empty.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$root/scripts/flakebench.mjs"

# The action's checkout of flakebench has no node_modules yet; an installed flakebench finds its packages beside it.
if [ ! -d "$root/node_modules" ] && [ "$(basename "$(dirname "$root")")" != node_modules ]; then
  echo "flakebench: installing its npm packages (npm ci --omit=dev in $root)" >&2
  (cd "$root" && npm ci --omit=dev --no-audit --no-fund) || exit 2
fi

# The system packages (Nix, sshd, GNU time, …); installing needs root, which GitHub's runners give through sudo.
setup=(node "$launcher" setup)
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then setup=(sudo "$(command -v node)" "$launcher" setup); fi
"${setup[@]}" || exit 2

config=()
if [ -n "${INPUT_CONFIG:-}" ]; then config=(--config "$INPUT_CONFIG"); fi
args=(bench "${config[@]}")
if [ -n "${INPUT_PROFILE:-}" ]; then args+=(--profile "$INPUT_PROFILE"); fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then args+=(--step-summary "$GITHUB_STEP_SUMMARY"); fi
read -ra benches <<< "${INPUT_BENCHES:-}"
args+=("${benches[@]}")

status=0
node "$launcher" "${args[@]}" || status=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo 'files<<FLAKEBENCH_FILES'
    node "$launcher" outputs "${config[@]}"
    echo 'FLAKEBENCH_FILES'
    echo "exit-code=$status"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
