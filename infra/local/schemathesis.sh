#!/usr/bin/env bash
# Installs schemathesis (PyPI, pinned) into a virtualenv in the install cache and prints the
# path of its command. Quick when that version is already there.
#
#   bash infra/local/schemathesis.sh    # -> $MARQUEE_CACHE/venv/bin/schemathesis
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5

if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
fi
VENV="${MARQUEE_CACHE:-$HOME/.cache/marquee}/venv"
STAMP="$VENV/.schemathesis.version"
BIN="$VENV/bin/schemathesis"

if [[ -x "$BIN" && "$(cat "$STAMP" 2>/dev/null)" == "$SCHEMATHESIS_VERSION" ]]; then
  echo "$BIN"
  exit 0
fi

# Debian splits the venv module (with ensurepip) into python3-venv.
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    { apt-get update -q && apt-get install -y -q --no-install-recommends python3 python3-venv; } >&2
  else
    echo "schemathesis needs python3 (3.9 or later) with venv: apt-get install python3-venv" >&2
    exit 1
  fi
fi
PYTHON="$(command -v python3)"
[[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  "schemathesis==$SCHEMATHESIS_VERSION" >&2
echo "$SCHEMATHESIS_VERSION" >"$STAMP"
echo "$BIN"
