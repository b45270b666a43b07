#!/usr/bin/env bash
# Installs what is missing, starts the local servers that are not running yet and
# waits until each one is healthy.
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
  as_pg "$bindir/pg_ctl" -D "$PG_DATA" -l "$log" -W -s start </dev/null >/dev/null
}

ensure_databases() {
  local bindir
  bindir="$(pg_bindir)"
  PGPASSWORD="$PG_SUPERPASS" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres \
    -v names="${SERVICE_DATABASES[*]}" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', n, n)
  FROM unnest(string_to_array(:'names', ' ')) AS n
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = n)
\gexec
SELECT format('CREATE DATABASE %I OWNER %I', n, n)
  FROM unnest(string_to_array(:'names', ' ')) AS n
 WHERE NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = n)
\gexec
SQL
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
STARTED=()
EXTERNAL=()
for s in "${SERVERS[@]}"; do
  state="$(server_state "$s")"
  case "$state" in
    running | starting) ;;
    foreign)
      # e.g. started from another checkout's data dir: reuse it when it answers like ours.
      server_healthy "$s" external ||
        die "$s: port $(server_port "$s") is in use by a process that is not a healthy $s"
      warn "$s: already served on port $(server_port "$s") by a process not started from $MARQUEE_DATA; using it"
      EXTERNAL+=("$s")
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

is_external() {
  local e
  for e in "${EXTERNAL[@]}"; do
    [[ "$e" == "$1" ]] && return 0
  done
  return 1
}

failed=()
for s in "${SERVERS[@]}"; do
  if is_external "$s"; then
    :
  elif ! wait_healthy "$s"; then
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
