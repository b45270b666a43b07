#!/usr/bin/env bash
# Prints one line per local server: state and address. A running server is asked to do its
# job (a query, a PING, a MinIO object written and read back), not only whether its port is open.
# Exit 0 when every listed server (default: all) runs from $MARQUEE_DATA and works, 1 otherwise.
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
    running)
      if ! server_healthy "$s"; then
        state="failing (runs but does not work; infra:up restarts it)"
        rc=1
      fi
      ;;
    foreign)
      if pid="$(port_pid "$(server_port "$s")")" && is_server_process "$s" "$pid"; then
        state="foreign (pid $pid, from $(process_data_dir "$pid"); infra:up restarts it)"
      else
        state="foreign (port $(server_port "$s") held by another program)"
      fi
      rc=1
      ;;
    *) rc=1 ;;
  esac
  printf '%-12s %-8s %s\n' "$s" "$state" "$(server_address "$s")"
done
exit "$rc"
