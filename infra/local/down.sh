#!/usr/bin/env bash
# Stops the local servers (SIGTERM / pg_ctl fast shutdown, then SIGKILL after a timeout).
# Data in $MARQUEE_DATA is kept unless --purge is given.
#
#   bash infra/local/down.sh              # stop all
#   bash infra/local/down.sh kafka minio  # stop only those
#   bash infra/local/down.sh --purge      # stop all and delete $MARQUEE_DATA
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
NAMES=()
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -h | --help)
      sed -n '2,8p' "$0"
      exit 0
      ;;
    *) NAMES+=("$arg") ;;
  esac
done
if ((PURGE && ${#NAMES[@]})); then
  die "--purge stops every server; do not combine it with server names"
fi
select_servers "${NAMES[@]}"

stop_postgres() {
  local pid="$1" bindir
  bindir="$(pg_bindir)"
  if [[ -n "$bindir" ]] &&
    as_pg "$bindir/pg_ctl" -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" -s stop </dev/null >/dev/null 2>&1; then
    return 0
  fi
  stop_pid "$pid" postgres
}

# Stop in reverse dependency order: clients of other servers first.
ORDER=(kafka minio mailpit stripe-mock upstash-rest redis postgres)
for s in "${ORDER[@]}"; do
  printf '%s\n' "${SERVERS[@]}" | grep -qx -- "$s" || continue
  if pid="$(server_pid "$s")"; then
    if [[ "$s" == postgres ]]; then
      stop_postgres "$pid"
    else
      stop_pid "$pid" "$s"
      rm -f "$(pid_file "$s")"
    fi
    printf '%-12s stopped\n' "$s"
  elif port_open "$(server_port "$s")"; then
    printf '%-12s not started from %s (port %s held by another process; left alone, infra:up restarts a copy of %s)\n' \
      "$s" "$MARQUEE_DATA" "$(server_port "$s")" "$s"
  else
    printf '%-12s not running\n' "$s"
  fi
done

if ((PURGE)); then
  case "$MARQUEE_DATA" in
    / | "$HOME" | "$REPO_ROOT" | "$MARQUEE_CACHE") die "refusing to delete MARQUEE_DATA=$MARQUEE_DATA" ;;
  esac
  rm -rf -- "$MARQUEE_DATA"
  info "deleted $MARQUEE_DATA"
fi
