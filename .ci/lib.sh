# Helpers sourced by .ci/run: timed steps, clear failure messages.
# shellcheck shell=bash

ci_started_ns=$(date +%s%N)
current_step=''
step_started_ns=0
step_timings=()

log() { printf '[ci %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[ci %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[ci %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2
  exit 1
}

seconds_since() { # nanosecond timestamp -> "12.3"
  local elapsed_ms=$((($(date +%s%N) - $1) / 1000000))
  printf '%d.%d' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
}

# Runs "$@" as a named step, logs its duration and records it for the summary. A failing command
# anywhere inside it triggers the ERR trap below, which names the step and the command.
step() {
  local name=$1
  shift
  current_step=$name
  step_started_ns=$(date +%s%N)
  log "==> $name"
  "$@"
  local took
  took=$(seconds_since "$step_started_ns")
  step_timings+=("$(printf '%-22s %6ss' "$name" "$took")")
  log "<== $name (${took}s)"
  current_step=''
}

on_error() {
  local code=$? line=$1 command=$2
  if [[ -n $current_step ]]; then
    printf '[ci %s] ERROR: step "%s" failed after %ss: `%s` exited with %d (%s line %s)\n' \
      "$(date +%H:%M:%S)" "$current_step" "$(seconds_since "$step_started_ns")" "$command" "$code" \
      "${BASH_SOURCE[1]:-.ci/run}" "$line" >&2
  else
    printf '[ci %s] ERROR: `%s` exited with %d (line %s)\n' "$(date +%H:%M:%S)" "$command" "$code" "$line" >&2
  fi
}
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR
set -E

print_timings() {
  log "step timings:"
  local line
  for line in "${step_timings[@]}"; do printf '    %s\n' "$line"; done
  printf '    %-22s %6ss\n' total "$(seconds_since "$ci_started_ns")"
}
