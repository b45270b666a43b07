#!/usr/bin/env bash
# Installs what the local servers need, skipping everything already present.
#
#   bash infra/local/install.sh               # all servers + ffmpeg + chromium
#   bash infra/local/install.sh redis kafka   # only what those servers need
#
# Debian packages: postgresql, redis-server, curl, ffmpeg, chromium (+ fonts-liberation).
# Kafka jars (Maven) -> $MARQUEE_CACHE/kafka/<version>/libs
# minio, stripe-mock, mailpit (go install) -> $MARQUEE_CACHE/bin
# MediaMTX (mediamtx.sh builds it from its Go module) -> $MARQUEE_CACHE/bin, on a full install
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

select_servers "$@"
FULL=0
[[ $# -eq 0 ]] && FULL=1

wants() {
  local s
  for s in "${SERVERS[@]}"; do
    [[ "$s" == "$1" ]] && return 0
  done
  return 1
}

INSTALL_LOGS="$MARQUEE_CACHE/logs"

# ---------------------------------------------------------------- checks (fast)
APT_PKGS=()
need_apt() { APT_PKGS+=("$@"); }

command -v curl >/dev/null 2>&1 || need_apt curl
if wants postgres; then
  [[ -n "$(pg_bindir)" ]] || need_apt postgresql
fi
if wants redis; then
  { command -v redis-server && command -v redis-cli; } >/dev/null 2>&1 || need_apt redis-server
fi
if wants kafka; then
  command -v java >/dev/null 2>&1 || need_apt openjdk-17-jre-headless
  command -v mvn >/dev/null 2>&1 || need_apt maven
fi
if ((FULL)); then
  command -v ffmpeg >/dev/null 2>&1 || need_apt ffmpeg
  command -v chromium >/dev/null 2>&1 || need_apt chromium fonts-liberation
fi

go_module() {
  case "$1" in
    minio) echo "github.com/minio/minio@$MINIO_VERSION" ;;
    stripe-mock) echo "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" ;;
    mailpit) echo "github.com/axllent/mailpit@$MAILPIT_VERSION" ;;
  esac
}

go_stamp() { echo "$BIN_DIR/.$1.version"; }

GO_TODO=()
for s in minio stripe-mock mailpit; do
  wants "$s" || continue
  if [[ -x "$BIN_DIR/$s" && "$(cat "$(go_stamp "$s")" 2>/dev/null)" == "$(go_module "$s")" ]]; then
    continue
  fi
  GO_TODO+=("$s")
done

# The platform runner starts MediaMTX; built here so tests find it ready.
MEDIAMTX_TODO=0
if ((FULL)) && { [[ ! -x "$BIN_DIR/mediamtx" ]] ||
  [[ "$(cat "$BIN_DIR/.mediamtx.version" 2>/dev/null)" != "$MEDIAMTX_VERSION hls.js@$MEDIAMTX_HLSJS_VERSION" ]]; }; then
  MEDIAMTX_TODO=1
fi

KAFKA_STAMP="$KAFKA_HOME/.complete"
KAFKA_TODO=0
if wants kafka && [[ "$(cat "$KAFKA_STAMP" 2>/dev/null)" != "kafka_2.13-$KAFKA_VERSION" ]]; then
  KAFKA_TODO=1
fi

PG_USER_TODO=0
if wants postgres && is_root && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
  PG_USER_TODO=1
fi

if ((${#APT_PKGS[@]} == 0 && ${#GO_TODO[@]} == 0 && KAFKA_TODO == 0 && PG_USER_TODO == 0 &&
  MEDIAMTX_TODO == 0)); then
  exit 0
fi

# ---------------------------------------------------------------- installs
mkdir -p "$INSTALL_LOGS" "$BIN_DIR"

install_go_servers() {
  command -v go >/dev/null 2>&1 || die "go is required to build ${GO_TODO[*]} (Go >= 1.24)"
  local s mod gobin started
  for s in "$@"; do
    mod="$(go_module "$s")"
    started=$SECONDS
    echo "go install $mod"
    gobin="$(mktemp -d "$BIN_DIR/.build-$s.XXXXXX")"
    if ! GOBIN="$gobin" GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local \
      go install -trimpath -ldflags="-s -w" "$mod"; then
      rm -rf "$gobin"
      echo "go install $mod failed"
      return 1
    fi
    mv -f "$gobin/$s" "$BIN_DIR/$s"
    rm -rf "$gobin"
    echo "$mod" >"$(go_stamp "$s")"
    echo "built $s in $((SECONDS - started))s"
  done
}

install_kafka() {
  command -v mvn >/dev/null 2>&1 || die "mvn is required to fetch Kafka"
  local tmp
  mkdir -p "$(dirname "$KAFKA_HOME")"
  tmp="$(mktemp -d "$(dirname "$KAFKA_HOME")/.fetch-$KAFKA_VERSION.XXXXXX")"
  mvn -B -q -f "$LOCAL_DIR/kafka/pom.xml" \
    -Dkafka.version="$KAFKA_VERSION" -Dkafka.log4j.version="$KAFKA_LOG4J_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp/libs"
  [[ -f "$tmp/libs/kafka_2.13-$KAFKA_VERSION.jar" ]] || {
    echo "kafka_2.13-$KAFKA_VERSION.jar missing after dependency:copy-dependencies"
    return 1
  }
  rm -rf "$KAFKA_HOME"
  mv "$tmp" "$KAFKA_HOME"
  echo "kafka_2.13-$KAFKA_VERSION" >"$KAFKA_STAMP"
  echo "kafka $KAFKA_VERSION: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $KAFKA_LIBS"
}

install_apt() {
  local guard=""
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services (e.g. redis-server on 6379).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$guard"
    chmod 755 "$guard"
  fi
  local rc=0
  {
    apt-get update -q &&
      apt-get install -y -q --no-install-recommends "$@"
  } || rc=$?
  [[ -n "$guard" ]] && rm -f "$guard"
  return "$rc"
}

BG_PIDS=()
BG_NAMES=()
bg() {
  local name="$1"
  shift
  info "installing $name (log: $INSTALL_LOGS/install-$name.log)"
  ("$@") >"$INSTALL_LOGS/install-$name.log" 2>&1 &
  BG_PIDS+=("$!")
  BG_NAMES+=("$name")
}

FAILED=()
wait_bg() {
  local i
  for i in "${!BG_PIDS[@]}"; do
    if ! wait "${BG_PIDS[$i]}"; then
      FAILED+=("${BG_NAMES[$i]}")
      warn "installing ${BG_NAMES[$i]} failed; last lines of $INSTALL_LOGS/install-${BG_NAMES[$i]}.log:"
      tail -n 30 "$INSTALL_LOGS/install-${BG_NAMES[$i]}.log" >&2 || true
    fi
  done
  BG_PIDS=()
  BG_NAMES=()
}

started=$SECONDS

# Go builds and the Kafka download do not depend on apt (unless Java/Maven are missing).
if ((${#GO_TODO[@]})); then
  bg go install_go_servers "${GO_TODO[@]}"
fi
if ((MEDIAMTX_TODO)); then
  bg "mediamtx-$MEDIAMTX_VERSION" bash "$LOCAL_DIR/mediamtx.sh"
fi
kafka_after_apt=0
if ((KAFKA_TODO)); then
  if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    bg "kafka-$KAFKA_VERSION" install_kafka
  else
    kafka_after_apt=1
  fi
fi

if ((${#APT_PKGS[@]})); then
  is_root || die "missing Debian packages (${APT_PKGS[*]}); run as root or install them: apt-get install ${APT_PKGS[*]}"
  info "installing Debian packages: ${APT_PKGS[*]} (log: $INSTALL_LOGS/install-apt.log)"
  if ! install_apt "${APT_PKGS[@]}" >"$INSTALL_LOGS/install-apt.log" 2>&1; then
    FAILED+=(apt)
    warn "apt-get failed; last lines of $INSTALL_LOGS/install-apt.log:"
    tail -n 30 "$INSTALL_LOGS/install-apt.log" >&2 || true
  fi
fi

if ((PG_USER_TODO)); then
  info "creating system user $PG_OS_USER (runs PostgreSQL)"
  group_opt=(--user-group)
  getent group "$PG_OS_USER" >/dev/null 2>&1 && group_opt=(--gid "$PG_OS_USER")
  useradd --system "${group_opt[@]}" --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$PG_OS_USER"
fi

if ((kafka_after_apt)); then
  bg "kafka-$KAFKA_VERSION" install_kafka
fi
wait_bg

if ((${#FAILED[@]})); then
  die "install failed: ${FAILED[*]}"
fi
info "install done in $((SECONDS - started))s"
