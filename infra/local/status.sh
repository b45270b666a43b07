#!/usr/bin/env bash
# Prints one line per local server: state and address.
# Exit 0 when every listed server (default: all) is running, 1 otherwise.
#
#   bash infra/local/status.sh [server ...]
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

select_servers "$@"

rc=0
for s in "${SERVERS[@]}"; do
  state="$(server_state "$s")"
  case "$state" in
    running) ;;
    foreign)
      if server_healthy "$s" external; then
        state="running (started from another data dir)"
      else
        state="stopped (port $(server_port "$s") held by another process)"
        rc=1
      fi
      ;;
    *) rc=1 ;;
  esac
  printf '%-12s %-8s %s\n' "$s" "$state" "$(server_address "$s")"
done
exit "$rc"
