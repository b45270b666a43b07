#!/usr/bin/env bash
# Installs what is missing, starts the local servers that are not running yet and
# waits until each one works. A server on our port that was started from another data
# folder (an older checkout's `.data`, another MARQUEE_DATA), or that runs but no longer
# works, is stopped and started again from $MARQUEE_DATA.
#
#   bash infra/local/up.sh                      # all: postgres redis upstash-rest kafka minio stripe-mock mailpit
#   bash infra/local/up.sh postgres redis       # only those
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

select_servers "$@"
up_started=$SECONDS

bash "$LOCAL_DIR/install.sh" "$@"

mkdir -p "$MARQUEE_DATA" "$LOG_DIR" "$RUN_DIR"
chmod 755 "$MARQUEE_DATA" "$LOG_DIR"

# ---------------------------------------------------------------- postgres
# Makes sure the PostgreSQL OS user can reach $MARQUEE_DATA (adds o+x to parents that block it).
ensure_pg_traversable() {
  local d path=""
  runuser -u "$PG_OS_USER" -- test -x "$MARQUEE_DATA" && return 0
  IFS=/ read -r -a parts <<<"${MARQUEE_DATA#/}"
  for d in "${parts[@]}"; do
    path="$path/$d"
    if ! runuser -u "$PG_OS_USER" -- test -x "$path"; then
      chmod o+x "$path"
      info "added o+x to $path so that user $PG_OS_USER can reach $PG_DATA"
    fi
  done
}

pg_initdb() {
  local bindir="$1" pwfile
  if [[ -n "$(ls -A "$PG_DATA" 2>/dev/null)" ]]; then
    die "$PG_DATA is not empty but holds no cluster; remove it (bash infra/local/down.sh --purge) and retry"
  fi
  info "initializing PostgreSQL cluster in $PG_DATA"
  pwfile="$(mktemp)"
  printf '%s\n' "$PG_SUPERPASS" >"$pwfile"
  is_root && chown "$PG_OS_USER:" "$pwfile"
  if ! as_pg "$bindir/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --auth=scram-sha-256 \
    --pwfile="$pwfile" --encoding=UTF8 --no-locale >"$LOG_DIR/postgres-initdb.log" 2>&1; then
    rm -f "$pwfile"
    tail -n 30 "$LOG_DIR/postgres-initdb.log" >&2
    die "initdb failed (log: $LOG_DIR/postgres-initdb.log)"
  fi
  rm -f "$pwfile"
}

start_postgres() {
  local bindir log
  bindir="$(pg_bindir)"
  [[ -n "$bindir" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  mkdir -p "$PG_DATA"
  if is_root; then
    chown "$PG_OS_USER:" "$PG_DATA" "$RUN_DIR"
    ensure_pg_traversable
  fi
  chmod 700 "$PG_DATA"
  chmod 755 "$RUN_DIR"
  [[ -s "$PG_DATA/PG_VERSION" ]] || pg_initdb "$bindir"

  # Settings live in marquee.conf (rewritten on every start), included from postgresql.conf.
  cat >"$PG_DATA/marquee.conf" <<EOF
# Written by infra/local/up.sh on every start; edit the script, not this file.
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$RUN_DIR'
max_connections = 300
# Dev speed: commits return before the WAL is flushed (fsync stays on, no corruption risk).
synchronous_commit = off
EOF
  is_root && chown "$PG_OS_USER:" "$PG_DATA/marquee.conf"
  grep -q "^include_if_exists = 'marquee.conf'" "$PG_DATA/postgresql.conf" ||
    echo "include_if_exists = 'marquee.conf'" >>"$PG_DATA/postgresql.conf"

  # A postmaster.pid left by a crash or reboot (its pid no longer a postgres) blocks startup.
  rm -f "$PG_DATA/postmaster.pid"
  rotate_log postgres
  log="$(server_log postgres)"
  is_root && chown "$PG_OS_USER:" "$log"
  (close_inherited_fds && as_pg "$bindir/pg_ctl" -D "$PG_DATA" -l "$log" -W -s start) </dev/null >/dev/null
}

# The services' roles and databases: infra/compose/postgres-init.sql, as compose runs it.
ensure_databases() {
  PGPASSWORD="$PG_SUPERPASS" "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -f "$PG_INIT_SQL" >/dev/null
}

# ---------------------------------------------------------------- redis
start_redis() {
  local log
  mkdir -p "$MARQUEE_DATA/redis"
  rotate_log redis
  log="$(server_log redis)"
  rm -f "$(pid_file redis)"
  # shellcheck disable=SC2094  # redis appends to its log file after daemonizing
  redis-server --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no \
    --daemonize yes --pidfile "$(pid_file redis)" --logfile "$log" \
    --dir "$MARQUEE_DATA/redis" </dev/null >>"$log" 2>&1
}

# ---------------------------------------------------------------- upstash-rest
# The Upstash-compatible REST server (infra/upstash/server.ts) in front of redis, for the
# edge's rate limiter; it reconnects by itself, so it only needs redis to be started.
start_upstash-rest() {
  local deno
  deno="${DENO_BIN:-$(command -v deno || true)}"
  [[ -n "$deno" ]] || die "deno not found (install it: npm install -g deno@2.9.6)"
  rotate_log upstash-rest
  launch upstash-rest env UPSTASH_REST_TOKEN="$UPSTASH_REST_TOKEN_VALUE" \
    UPSTASH_REST_HOST="$HOST" UPSTASH_REST_PORT="$UPSTASH_REST_PORT" REDIS_URL="redis://$HOST:$REDIS_PORT" \
    "$deno" run --config "$REPO_ROOT/deno.json" --allow-net --allow-env "$REPO_ROOT/infra/upstash/server.ts"
}

# ---------------------------------------------------------------- kafka
# Sets KAFKA_JAVA to the JVM command line (heap overridable with KAFKA_HEAP_OPTS).
kafka_java_cmd() {
  local heap
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
  KAFKA_JAVA=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$LOCAL_DIR/kafka/log4j2.properties"
    "-Dkafka.logs.dir=$LOG_DIR" -cp "$KAFKA_LIBS/*")
}

new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* ]] && break
  done
  echo "$id"
}

start_kafka() {
  local kdir="$MARQUEE_DATA/kafka" conf log esc
  [[ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "Kafka $KAFKA_VERSION jars missing in $KAFKA_LIBS"
  command -v java >/dev/null 2>&1 || die "java not found"
  conf="$kdir/server.properties"
  mkdir -p "$kdir/data"
  esc="$(printf '%s' "$kdir/data" | sed 's/[\\&|]/\\&/g')"
  sed "s|@KAFKA_LOG_DIRS@|$esc|" "$LOCAL_DIR/kafka/server.properties.tmpl" >"$conf"
  rotate_log kafka
  log="$(server_log kafka)"
  kafka_java_cmd
  if [[ ! -f "$kdir/data/meta.properties" ]]; then
    info "formatting Kafka storage in $kdir/data"
    if ! "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$(new_cluster_id)" -c "$conf" --standalone \
      </dev/null >>"$log" 2>&1; then
      show_log_tail kafka
      die "Kafka storage format failed"
    fi
  fi
  launch kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$conf"
}

# ---------------------------------------------------------------- go servers
start_minio() {
  mkdir -p "$MARQUEE_DATA/minio"
  rotate_log minio
  launch minio env MINIO_ROOT_USER="$MINIO_ROOT_USER_VALUE" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD_VALUE" \
    MINIO_UPDATE=off "$BIN_DIR/minio" server --address "$HOST:$MINIO_PORT" \
    --console-address "$HOST:$MINIO_CONSOLE_PORT" "$MARQUEE_DATA/minio"
}

start_stripe-mock() {
  rotate_log stripe-mock
  launch stripe-mock "$BIN_DIR/stripe-mock" -http-addr "$HOST:$STRIPE_MOCK_PORT" \
    -https-addr "$HOST:$STRIPE_MOCK_HTTPS_PORT"
}

start_mailpit() {
  mkdir -p "$MARQUEE_DATA/mailpit"
  rotate_log mailpit
  launch mailpit "$BIN_DIR/mailpit" --smtp "$HOST:$MAILPIT_SMTP_PORT" --listen "$HOST:$MAILPIT_HTTP_PORT" \
    --database "$MARQUEE_DATA/mailpit/mailpit.db" --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --disable-version-check
}

# ---------------------------------------------------------------- main
# Stops a server process: PostgreSQL with a fast shutdown (SIGINT), the others with SIGTERM.
stop_server() {
  local name="$1" pid="$2" port
  if [[ "$name" == postgres ]]; then stop_pid "$pid" "$name" INT; else stop_pid "$pid" "$name"; fi
  rm -f "$(pid_file "$name")"
  for port in $(server_port "$name") $(server_extra_ports "$name"); do
    for _ in {1..50}; do
      port_open "$port" || break
      sleep 0.1
    done
  done
}

# Whether a running server works, asked for up to 10 s (one just started by another
# checkout's up.sh, or a busy one, may miss a probe).
works() {
  local i
  for ((i = 0; i < 20; i++)); do
    server_healthy "$1" && return 0
    sleep 0.5
  done
  return 1
}

STARTED=()
for s in "${SERVERS[@]}"; do
  state="$(server_state "$s")"
  case "$state" in
    starting) ;;
    running)
      works "$s" && continue
      warn "$s runs from $MARQUEE_DATA but does not work; restarting it"
      stop_server "$s" "$(server_pid "$s")"
      "start_$s"
      STARTED+=("$s")
      ;;
    foreign)
      port="$(server_port "$s")"
      pid=""
      pid="$(port_pid "$port")" && is_server_process "$s" "$pid" ||
        die "$s: port $port is in use by another program${pid:+ (pid $pid, $(cat "/proc/$pid/comm" 2>/dev/null))}"
      warn "$s (pid $pid) was started from $(process_data_dir "$pid"), not $MARQUEE_DATA; restarting it"
      stop_server "$s" "$pid"
      port_open "$port" && die "$s: pid $pid did not free port $port"
      "start_$s"
      STARTED+=("$s")
      ;;
    stopped)
      for p in $(server_extra_ports "$s"); do
        port_open "$p" && die "$s: port $p is in use by another process"
      done
      "start_$s"
      STARTED+=("$s")
      ;;
  esac
done

failed=()
for s in "${SERVERS[@]}"; do
  if ! wait_healthy "$s"; then
    failed+=("$s")
    continue
  fi
  if [[ "$s" == postgres ]] && ! ensure_databases; then
    warn "creating the per-service roles/databases failed"
    failed+=("$s")
    continue
  fi
  printf '%-12s up   %s\n' "$s" "$(server_address "$s")"
done

if ((${#failed[@]})); then
  die "not healthy: ${failed[*]} (logs in $LOG_DIR)"
fi
if ((${#STARTED[@]})); then
  info "started ${STARTED[*]}; ready in $((SECONDS - up_started))s"
else
  info "all already running ($((SECONDS - up_started))s)"
fi
