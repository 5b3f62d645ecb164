#!/usr/bin/env bash
# npm start: install what is needed, then run API + worker in one process.
# Without DATABASE_URL the embedded database is used (data in CTXVAULT_DATA_DIR, default ./.ctxvault).
# Without REDIS_URL a local Redis is used, and started (and stopped with Ctrl-C) when not running.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
ensure_build
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1 && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing redis-server with apt"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >&2
  else
    log "Redis is required and none is running or installed."
    log "Install redis-server, or point REDIS_URL at a reachable Redis, e.g.: REDIS_URL=redis://host:6379 npm start"
    exit 1
  fi
fi
exec node "${NODE_FLAGS[@]}" bin/ctxvault start
