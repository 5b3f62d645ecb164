# Shared by scripts/start.sh and scripts/test.sh: dependencies and build, each done only when needed.

log() { echo "[ctxvault] $*" >&2; }

ensure_node_modules() {
  local stamp=node_modules/.package-lock.json
  if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    # npm install, not npm ci: the lock file names optional platform packages (other operating
    # systems' native builds) that a registry mirror may not carry, and npm ci refuses to skip them.
    log "installing npm dependencies"
    npm install --no-audit --no-fund --loglevel=error >&2
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
