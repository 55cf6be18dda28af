#!/usr/bin/env bash
# The work of the GitHub Action (action.yml), runnable on any machine: in the working directory, it runs the
# benches as `flakebench bench` does — or, with a base and a head, `flakebench compare` — appends the report to
# $GITHUB_STEP_SUMMARY, writes the outputs' paths and the exit code to $GITHUB_OUTPUT, and exits with flakebench's
# exit code. Inputs: INPUT_CONFIG, INPUT_PROFILE, INPUT_BENCHES (space-separated), INPUT_BASE and INPUT_HEAD (flake
# references), INPUT_COMMENT (true or false: post the compare's comment on the pull request); each may be empty.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$root/scripts/flakebench.mjs"

# Wrong inputs are reported before anything is installed, with exit 2 as for a wrong flag.
usage_error() {
  echo "flakebench action: $1" >&2
  echo "→ $2" >&2
  exit 2
}
base="${INPUT_BASE:-}" head="${INPUT_HEAD:-}" comment="${INPUT_COMMENT:-false}"
if { [ -n "$base" ] && [ -z "$head" ]; } || { [ -z "$base" ] && [ -n "$head" ]; }; then
  usage_error "the input ${base:+head}${head:+base} is empty, but ${base:+base}${head:+head} is set" 'set both base and head to compare two revisions, or neither to run the benches'
fi
case "$comment" in true | false | '') ;; *) usage_error "the input comment is \"$comment\"" 'set it to true or false' ;; esac
if [ -z "$base" ] && [ "$comment" = true ]; then usage_error 'the input comment is true, but base and head are empty' 'comment posts the base-against-head comparison: set base and head too'; fi
if [ -n "$base" ] && [ -n "${INPUT_BENCHES:-}" ]; then usage_error 'the input benches is set, but base and head are too' 'a comparison runs the evaluation benches on both sides; leave benches empty'; fi

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
if [ -n "$base" ]; then args=(compare "${config[@]}"); else args=(bench "${config[@]}"); fi
if [ -n "${INPUT_PROFILE:-}" ]; then args+=(--profile "$INPUT_PROFILE"); fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then args+=(--step-summary "$GITHUB_STEP_SUMMARY"); fi
if [ "$comment" = true ]; then args+=(--comment); fi
if [ -n "$base" ]; then
  args+=(-- "$base" "$head")
else
  read -ra benches <<< "${INPUT_BENCHES:-}"
  args+=("${benches[@]}")
fi

status=0
node "$launcher" "${args[@]}" || status=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo 'files<<FLAKEBENCH_FILES'
    node "$launcher" outputs "${config[@]}"
    echo 'FLAKEBENCH_FILES'
    if [ -n "$base" ]; then echo "comment-file=$(node "$launcher" outputs "${config[@]}" --pr-comment)"; fi
    echo "exit-code=$status"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
