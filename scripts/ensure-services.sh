#!/usr/bin/env bash
# Makes PostgreSQL 15 with pgvector and Redis reachable on this machine.
# Starts what is installed but down; installs with apt what is missing (root only);
# builds pgvector from Debian's source package when `CREATE EXTENSION vector` cannot work.
# Idempotent: when everything is already there it returns in about a second.
#
# Settings (environment):
#   CTXVAULT_SKIP_SERVICES=1   do nothing (services are provided elsewhere)
#   CTXVAULT_NEED_POSTGRES=0   skip the PostgreSQL part (Redis only)
#   PG_VERSION                 PostgreSQL major version (default 15)
#   REDIS_PORT                 Redis port (default 6379)
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
REDIS_PORT="${REDIS_PORT:-6379}"
NEED_PG="${CTXVAULT_NEED_POSTGRES:-1}"

log() { echo "[services] $*" >&2; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

if [ "${CTXVAULT_SKIP_SERVICES:-0}" = "1" ]; then
  log "CTXVAULT_SKIP_SERVICES=1: leaving services alone"
  exit 0
fi

is_root() { [ "$(id -u)" = "0" ]; }
APT_UPDATED=0
apt_install() {
  is_root || die "missing packages ($*) and not root: install them, or provide DATABASE_URL/REDIS_URL yourself"
  command -v apt-get >/dev/null || die "missing packages ($*) and no apt-get on this machine"
  if [ "$APT_UPDATED" = "0" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# ---------- Redis ----------
redis_up() {
  if command -v redis-cli >/dev/null; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null
  fi
}
ensure_redis() {
  if redis_up; then return; fi
  if ! command -v redis-server >/dev/null; then apt_install redis-server redis-tools; fi
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >&2
  for _ in $(seq 1 50); do redis_up && return; sleep 0.1; done
  die "redis-server did not answer on 127.0.0.1:$REDIS_PORT"
}

# ---------- PostgreSQL ----------
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
psql_su() {
  if is_root && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -X -q -v ON_ERROR_STOP=1 $(printf '%q ' "$@")"
  else
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"
  fi
}
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null || [ ! -d "/usr/lib/postgresql/$PG_VERSION/bin" ]; then
    if pg_up; then log "PostgreSQL answers on 5432 but is not a local $PG_VERSION install; using it"; return; fi
    apt_install "postgresql-$PG_VERSION" postgresql-client-common
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$PG_VERSION main$"; then
    log "creating cluster $PG_VERSION/main"
    pg_createcluster "$PG_VERSION" main >&2
  fi
  if ! pg_up; then
    log "starting PostgreSQL $PG_VERSION/main"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start >&2 || pg_ctlcluster "$PG_VERSION" main start >&2
    for _ in $(seq 1 100); do pg_up && break; sleep 0.1; done
    pg_up || die "PostgreSQL did not become ready on 127.0.0.1:5432"
  fi
}

vector_available() {
  [ -f "$(pg_config --sharedir 2>/dev/null)/extension/vector.control" ] ||
    [ -f "/usr/share/postgresql/$PG_VERSION/extension/vector.control" ]
}

build_pgvector() {
  log "pgvector is not installed: building it from Debian's source package (about 30 s)"
  command -v make >/dev/null && command -v gcc >/dev/null || apt_install build-essential
  [ -x "/usr/lib/postgresql/$PG_VERSION/bin/pg_config" ] && [ -d "/usr/include/postgresql/$PG_VERSION/server" ] ||
    apt_install "postgresql-server-dev-$PG_VERSION"
  command -v dpkg-source >/dev/null || apt_install dpkg-dev
  # A deb-src entry for the next Debian release, on the mirror the system already uses.
  local mirror src_list="/etc/apt/sources.list.d/ctxvault-pgvector-src.list"
  mirror=$(find /etc/apt/sources.list /etc/apt/sources.list.d -maxdepth 1 -type f \( -name '*.list' -o -name '*.sources' \) \
    ! -name "$(basename "$src_list")" -exec cat {} + 2>/dev/null |
    grep -vE '^[[:space:]]*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v -- '-security' | head -n1 || true)
  mirror="${mirror%% *}"
  mirror="${mirror%/}"
  [ -n "$mirror" ] || mirror="http://deb.debian.org/debian"
  if [ "$(cat "$src_list" 2>/dev/null)" != "deb-src $mirror trixie main" ]; then
    is_root || die "pgvector missing and not root: install pgvector for PostgreSQL $PG_VERSION"
    echo "deb-src $mirror trixie main" >"$src_list"
    APT_UPDATED=0
  fi
  if [ "$APT_UPDATED" = "0" ]; then
    log "apt-get update (with the pgvector source entry)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  local work
  work=$(mktemp -d)
  (
    cd "$work"
    apt-get source -qq pgvector >&2
    cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
    make -s OPTFLAGS="" PG_CONFIG="/usr/lib/postgresql/$PG_VERSION/bin/pg_config" >&2
    make -s install PG_CONFIG="/usr/lib/postgresql/$PG_VERSION/bin/pg_config" >&2
  )
  rm -rf "$work"
  vector_available || die "pgvector build finished but vector.control is not installed"
  log "pgvector installed"
}

ensure_pgvector() {
  if vector_available; then return; fi
  if ! command -v pg_config >/dev/null && [ ! -d "/usr/lib/postgresql/$PG_VERSION" ]; then
    die "cannot build pgvector: PostgreSQL $PG_VERSION is not installed locally"
  fi
  build_pgvector
}

ensure_redis
if [ "$NEED_PG" = "1" ]; then
  ensure_postgres
  ensure_pgvector
fi
log "ready: Redis on 127.0.0.1:$REDIS_PORT$([ "$NEED_PG" = "1" ] && echo ", PostgreSQL $PG_VERSION with pgvector on 127.0.0.1:5432")"
