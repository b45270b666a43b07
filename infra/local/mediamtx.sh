#!/usr/bin/env bash
# Builds MediaMTX (pinned in versions.env) into the install cache and prints the path of its
# binary. Quick when that version is already built.
#
#   bash infra/local/mediamtx.sh    # -> $MARQUEE_CACHE/bin/mediamtx
#
# `go install` cannot build it: the module lacks `internal/core/VERSION` and
# `internal/servers/hls/hls.min.js`, which upstream's `go generate` downloads. This copies the
# module, writes the version and hls.js's `dist/hls.min.js` (from npm) in, then builds.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BIN="$BIN_DIR/mediamtx"
STAMP="$BIN_DIR/.mediamtx.version"
WANT="$MEDIAMTX_VERSION hls.js@$MEDIAMTX_HLSJS_VERSION"

if [[ -x "$BIN" && "$(cat "$STAMP" 2>/dev/null)" == "$WANT" ]]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go is required to build MediaMTX (Go >= 1.24)"
command -v npm >/dev/null 2>&1 || die "npm is required to fetch hls.js for MediaMTX"
mkdir -p "$BIN_DIR"
work="$(mktemp -d "$BIN_DIR/.build-mediamtx.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
started=$SECONDS

module_dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/bluenviron/mediamtx@$MEDIAMTX_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$module_dir" ]] || die "go mod download gave no module directory for MediaMTX"
cp -r "$module_dir" "$work/src"
chmod -R u+w "$work/src"
echo "$MEDIAMTX_VERSION" >"$work/src/internal/core/VERSION"

(cd "$work" && npm pack --silent "hls.js@$MEDIAMTX_HLSJS_VERSION" >/dev/null)
tar -xzf "$work"/hls.js-*.tgz -C "$work" package/dist/hls.min.js
cp "$work/package/dist/hls.min.js" "$work/src/internal/servers/hls/hls.min.js"

(cd "$work/src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" \
  go build -trimpath -ldflags="-s -w" -o "$work/mediamtx" .) >&2
mv -f "$work/mediamtx" "$BIN"
echo "$WANT" >"$STAMP"
info "built MediaMTX $MEDIAMTX_VERSION in $((SECONDS - started))s"
echo "$BIN"
