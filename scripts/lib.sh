# Shared by scripts/start.sh and scripts/test.sh: dependencies and build, each done only when needed.

log() { echo "[ctxvault] $*" >&2; }

# V8 flags every ctxvault process runs with (as bin/ctxvault's first line does): regular expressions are
# compiled to machine code on first use instead of running in V8's bytecode interpreter until a
# heuristic tiers them up; the detectors' scans are about a third faster (docs/benchmarks.md). A V8
# flag must be given when the process starts: set later, from code, it has crashed the process.
NODE_FLAGS=(--no-regexp-tier-up)

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

# Points the service at a fresh database NAME on the local PostgreSQL (roles, migrations), with the
# local Redis under queue prefix PREFIX and a random master key unless one is set.
prepare_database() {
  local name="$1" prefix="$2"
  export DATABASE_ADMIN_URL="${LOCAL_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  export DATABASE_URL="postgres://ctxvault_app@127.0.0.1:5432/${name}"
  export DATABASE_OWNER_URL="postgres://ctxvault_owner@127.0.0.1:5432/${name}"
  export REDIS_URL="${LOCAL_REDIS_URL:-redis://127.0.0.1:6379}"
  export QUEUE_PREFIX="$prefix"
  export LOG_LEVEL="${LOG_LEVEL:-warn}"
  export CTXVAULT_MASTER_KEY="${CTXVAULT_MASTER_KEY:-$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))')}"
  log "creating a fresh database ${name}"
  node bin/ctxvault db setup --recreate >/dev/null
  node bin/ctxvault migrate >/dev/null
}

# The command-line tools the git connector and its tests use; installed with apt when missing.
ensure_tools() {
  local missing=()
  command -v git >/dev/null 2>&1 || missing+=(git)
  command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
  command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    log "missing tools: ${missing[*]} (install them; the git connector and its tests need them)"
    return 1
  fi
}
