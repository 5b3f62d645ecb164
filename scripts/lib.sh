# Shared by scripts/start.sh and scripts/test.sh: dependencies and build, each done only when needed.

log() { echo "[ctxvault] $*" >&2; }

ensure_node_modules() {
  local stamp=node_modules/.package-lock.json
  if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

ensure_build() {
  local stamp=dist/.build-stamp
  if [ ! -f "$stamp" ] || [ -n "$(find apps libs migrations tsconfig.json tsconfig.build.json package-lock.json -newer "$stamp" -type f 2>/dev/null | head -n1)" ]; then
    log "compiling TypeScript"
    rm -rf dist
    npx tsc -p tsconfig.build.json
    touch "$stamp"
  fi
}
