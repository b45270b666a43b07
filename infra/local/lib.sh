#!/usr/bin/env bash
# Shared definitions and helpers for infra/local/*.sh. Sourced, not executed.
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$LOCAL_DIR/../.." && pwd)"

# shellcheck source=versions.env
. "$LOCAL_DIR/versions.env"

if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
  export HOME
fi

abs_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

MARQUEE_CACHE="$(abs_path "${MARQUEE_CACHE:-$HOME/.cache/marquee}")"
# The servers listen on fixed ports for the whole machine, so their state belongs to the user,
# not to a checkout: every checkout uses (and may restart) the same servers.
MARQUEE_DATA="$(abs_path "${MARQUEE_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/marquee}")"
export MARQUEE_CACHE MARQUEE_DATA

BIN_DIR="$MARQUEE_CACHE/bin"
KAFKA_HOME="$MARQUEE_CACHE/kafka/$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
LOG_DIR="$MARQUEE_DATA/logs"
RUN_DIR="$MARQUEE_DATA/run"
PG_DATA="$MARQUEE_DATA/postgres"

HOST=127.0.0.1
PG_PORT=5433
REDIS_PORT=6380
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
MINIO_PORT=9000
MINIO_CONSOLE_PORT=9001
STRIPE_MOCK_PORT=12111
STRIPE_MOCK_HTTPS_PORT=12112
MAILPIT_SMTP_PORT=1025
MAILPIT_HTTP_PORT=8025
UPSTASH_REST_PORT=8079

# System user that owns and runs the PostgreSQL cluster when the scripts run as root.
PG_OS_USER=marquee
PG_SUPERUSER=marquee
PG_SUPERPASS=marquee
MINIO_ROOT_USER_VALUE=marquee
MINIO_ROOT_PASSWORD_VALUE=marquee-secret
# Bearer token of the Upstash-compatible REST server (infra/upstash) in front of redis.
UPSTASH_REST_TOKEN_VALUE="${UPSTASH_REST_TOKEN:-marquee-dev-upstash-token}"

ALL_SERVERS=(postgres redis upstash-rest kafka minio stripe-mock mailpit)
# Roles and databases of the services (shared with compose's postgres container).
PG_INIT_SQL="$REPO_ROOT/infra/compose/postgres-init.sql"
# Bucket and object MinIO's health check writes and reads back.
MINIO_PROBE_BUCKET=marquee-health

HEALTH_TIMEOUT="${MARQUEE_HEALTH_TIMEOUT:-60}"
STOP_TIMEOUT="${MARQUEE_STOP_TIMEOUT:-30}"

info() { printf '[marquee] %s\n' "$*" >&2; }
warn() { printf '[marquee] warning: %s\n' "$*" >&2; }
die() {
  printf '[marquee] error: %s\n' "$*" >&2
  exit 1
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

is_server() {
  local s
  for s in "${ALL_SERVERS[@]}"; do
    [[ "$s" == "$1" ]] && return 0
  done
  return 1
}

# Sets SERVERS from the command-line names (all servers when none given); fails on unknown names.
select_servers() {
  local s
  SERVERS=()
  if [[ $# -eq 0 ]]; then
    SERVERS=("${ALL_SERVERS[@]}")
    return 0
  fi
  for s in "$@"; do
    is_server "$s" || die "unknown server '$s' (known: ${ALL_SERVERS[*]})"
    SERVERS+=("$s")
  done
}

# Directory holding the newest installed PostgreSQL server binaries, or nothing.
pg_bindir() {
  local p
  p="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' -type f 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$p" ]] && dirname "$p"
  return 0
}

# Runs a command as the PostgreSQL OS user (root cannot run postgres).
as_pg() {
  if is_root; then
    runuser -u "$PG_OS_USER" -- "$@"
  else
    "$@"
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

http_ok() {
  curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
}

server_port() {
  case "$1" in
    postgres) echo "$PG_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
    upstash-rest) echo "$UPSTASH_REST_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;;
    minio) echo "$MINIO_PORT" ;;
    stripe-mock) echo "$STRIPE_MOCK_PORT" ;;
    mailpit) echo "$MAILPIT_HTTP_PORT" ;;
  esac
}

# Other ports a server binds besides its main one.
server_extra_ports() {
  case "$1" in
    kafka) echo "$KAFKA_CONTROLLER_PORT" ;;
    minio) echo "$MINIO_CONSOLE_PORT" ;;
    stripe-mock) echo "$STRIPE_MOCK_HTTPS_PORT" ;;
    mailpit) echo "$MAILPIT_SMTP_PORT" ;;
  esac
}

server_address() {
  case "$1" in
    postgres) echo "postgres://$PG_SUPERUSER:$PG_SUPERPASS@$HOST:$PG_PORT/postgres (per service: postgres://<name>:<name>@$HOST:$PG_PORT/<name>)" ;;
    redis) echo "redis://$HOST:$REDIS_PORT" ;;
    upstash-rest) echo "http://$HOST:$UPSTASH_REST_PORT (Upstash REST for redis, token $UPSTASH_REST_TOKEN_VALUE)" ;;
    kafka) echo "$HOST:$KAFKA_PORT (controller $HOST:$KAFKA_CONTROLLER_PORT)" ;;
    minio) echo "http://$HOST:$MINIO_PORT (console http://$HOST:$MINIO_CONSOLE_PORT, $MINIO_ROOT_USER_VALUE/$MINIO_ROOT_PASSWORD_VALUE)" ;;
    stripe-mock) echo "http://$HOST:$STRIPE_MOCK_PORT" ;;
    mailpit) echo "smtp://$HOST:$MAILPIT_SMTP_PORT, http://$HOST:$MAILPIT_HTTP_PORT" ;;
  esac
}

server_log() { echo "$LOG_DIR/$1.log"; }

pid_file() {
  case "$1" in
    postgres) echo "$PG_DATA/postmaster.pid" ;;
    *) echo "$RUN_DIR/$1.pid" ;;
  esac
}

# Process name (/proc/<pid>/comm) expected for each server, to guard against reused pids.
server_comm() {
  case "$1" in
    postgres) echo postgres ;;
    redis) echo redis-server ;;
    upstash-rest) echo deno ;;
    kafka) echo java ;;
    *) echo "$1" ;;
  esac
}

# True when the process exists and is not a zombie.
pid_alive() {
  local st=""
  [[ -r "/proc/$1/stat" ]] || return 1
  read -r _ _ st _ <"/proc/$1/stat" 2>/dev/null || return 1
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}

# Prints the pid of a live server process recorded in its pid file, or fails.
server_pid() {
  local file pid comm
  file="$(pid_file "$1")"
  [[ -r "$file" ]] || return 1
  pid="$(head -n 1 "$file" 2>/dev/null | tr -d '[:space:]')"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  pid_alive "$pid" || return 1
  comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
  [[ "$comm" == "$(server_comm "$1")"* ]] || return 1
  echo "$pid"
}

# running | starting (process up, port closed) | stopped | foreign (port taken by another process)
server_state() {
  local port
  port="$(server_port "$1")"
  if server_pid "$1" >/dev/null; then
    if port_open "$port"; then echo running; else echo starting; fi
  elif port_open "$port"; then
    echo foreign
  else
    echo stopped
  fi
}

# A request to MinIO signed with the root credentials (curl >= 7.75 signs AWS SigV4).
minio_curl() {
  curl -fsS --max-time 5 --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$MINIO_ROOT_USER_VALUE:$MINIO_ROOT_PASSWORD_VALUE" "$@"
}

# MinIO works when it stores an object and returns it: a server whose data folder is gone
# still answers its liveness endpoint.
minio_probe() {
  local url="http://$HOST:$MINIO_PORT/$MINIO_PROBE_BUCKET" body
  body="probe $$ $RANDOM"
  if ! minio_curl -o /dev/null -I "$url" 2>/dev/null; then
    minio_curl -o /dev/null -X PUT "$url" 2>/dev/null || return 1
  fi
  minio_curl -o /dev/null -X PUT -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    --data-binary "$body" "$url/probe" 2>/dev/null || return 1
  [[ "$(minio_curl "$url/probe" 2>/dev/null)" == "$body" ]]
}

# Whether the server does its job: a query, a PING, an object written and read, a request.
server_healthy() {
  case "$1" in
    postgres)
      [[ "$(PGPASSWORD="$PG_SUPERPASS" "$(pg_bindir)/psql" -X -At -h "$HOST" -p "$PG_PORT" \
        -U "$PG_SUPERUSER" -d postgres -c 'SELECT 1' 2>/dev/null)" == 1 ]]
      ;;
    redis)
      [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
      ;;
    upstash-rest)
      # 200 only once the server reaches redis.
      http_ok "http://$HOST:$UPSTASH_REST_PORT/health"
      ;;
    kafka)
      port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$(server_log kafka)" 2>/dev/null
      ;;
    minio)
      minio_probe
      ;;
    stripe-mock)
      curl -fsS -o /dev/null --max-time 2 -u sk_test_marqueeHealth: \
        "http://$HOST:$STRIPE_MOCK_PORT/v1/customers" 2>/dev/null
      ;;
    mailpit)
      port_open "$MAILPIT_SMTP_PORT" && http_ok "http://$HOST:$MAILPIT_HTTP_PORT/livez"
      ;;
  esac
}

# Pid of the process listening on 127.0.0.1:<port>, from /proc; fails when none is visible.
port_pid() {
  local hex inode pid best=""
  hex="$(printf '%04X' "$1")"
  inode="$(awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $10; exit }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null)"
  [[ -n "$inode" && "$inode" != 0 ]] || return 1
  # Forked children may hold the socket too: the oldest holder is the server.
  for pid in $(find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\[$inode\]" 2>/dev/null |
    cut -d/ -f3 | sort -un); do
    if [[ -z "$best" ]] || (($(cut -d' ' -f22 "/proc/$pid/stat") < $(cut -d' ' -f22 "/proc/$best/stat"))); then
      best="$pid"
    fi
  done 2>/dev/null
  [[ -n "$best" ]] && echo "$best"
}

# True when pid is a copy of server $1 (started from another data folder, or by another
# checkout's scripts before they kept their state per user), not some other program.
is_server_process() {
  local comm
  comm="$(cat "/proc/$2/comm" 2>/dev/null)" || return 1
  [[ "$comm" == "$(server_comm "$1")"* ]] || return 1
  case "$1" in
    upstash-rest) tr '\0' ' ' <"/proc/$2/cmdline" 2>/dev/null | grep -q 'infra/upstash/server\.ts' ;;
    kafka) tr '\0' ' ' <"/proc/$2/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' ;;
  esac
}

# Where a server process keeps its state, as far as its command line and folder tell.
process_data_dir() {
  local args
  args="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)"
  case "$args" in
    *" -D "*) args="${args#* -D }" && echo "${args%% *}" ;;
    *) readlink "/proc/$1/cwd" 2>/dev/null || echo unknown ;;
  esac
}

show_log_tail() {
  local log
  log="$(server_log "$1")"
  if [[ -s "$log" ]]; then
    printf '[marquee] ---- last 30 lines of %s ----\n' "$log" >&2
    tail -n 30 "$log" >&2
    printf '[marquee] ----\n' >&2
  else
    printf '[marquee] (no log output in %s)\n' "$log" >&2
  fi
}

# Keeps the previous run's log as <name>.log.1 so health checks read only the current run.
rotate_log() {
  local log
  log="$(server_log "$1")"
  mkdir -p "$LOG_DIR"
  if [[ -e "$log" ]]; then
    mv -f "$log" "$log.1"
  fi
  : >"$log"
}

# Closes every descriptor past stderr in this (sub)shell, so that a server started from it holds
# none of its caller's files open for life (a `flock` on the caller's lock file, say).
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    if ((fd > 2)); then eval "exec ${fd}>&-" 2>/dev/null || true; fi
  done
}

# Starts a long-running server detached from this shell; records its pid.
launch() {
  local name="$1" log pidf
  shift
  log="$(server_log "$name")"
  pidf="$(pid_file "$name")"
  mkdir -p "$RUN_DIR"
  rm -f "$pidf"
  # Run from the data folder, so the process names it (`process_data_dir`) and holds no checkout.
  # shellcheck disable=SC2016  # $$ and "$@" expand in the child shell
  (cd "$MARQUEE_DATA" && close_inherited_fds && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@") \
    </dev/null >>"$log" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$pidf" ]] && return 0
    sleep 0.1
  done
  die "$name did not start (no pid file $pidf)"
}

# Waits until the server answers its health check; on timeout or exit, shows its log and fails.
wait_healthy() {
  local name="$1" deadline
  deadline=$((SECONDS + HEALTH_TIMEOUT))
  while ((SECONDS < deadline)); do
    if server_healthy "$name"; then
      return 0
    fi
    if ! server_pid "$name" >/dev/null; then
      sleep 0.5
      server_healthy "$name" && return 0
      printf '[marquee] error: %s exited before becoming healthy\n' "$name" >&2
      show_log_tail "$name"
      return 1
    fi
    sleep 0.25
  done
  printf '[marquee] error: %s not healthy after %ss\n' "$name" "$HEALTH_TIMEOUT" >&2
  show_log_tail "$name"
  return 1
}

# Sends SIGTERM (or the signal given third), waits up to STOP_TIMEOUT seconds, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2" deadline
  kill "-${3:-TERM}" "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + STOP_TIMEOUT))
  while pid_alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) did not stop within ${STOP_TIMEOUT}s; killing"
    kill -KILL "$pid" 2>/dev/null || true
    while pid_alive "$pid"; do sleep 0.1; done
  fi
}
