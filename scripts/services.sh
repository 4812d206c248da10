#!/usr/bin/env bash
# Postgres and Redis for ml-connector.
#   services.sh check   one clear line per missing service, with the fix; exit 1 if one is missing
#   services.sh ensure  start the local services when they do not answer (CI, as root), then check
set -euo pipefail

database_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"

# host and port of a URL such as postgresql://user@host:5432/db
host_of() { sed -E 's#^[a-z]+://([^@/]*@)?([^:/]+).*#\2#' <<<"$1"; }
port_of() { local port; port=$(sed -nE 's#^[a-z]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p' <<<"$1"); echo "${port:-$2}"; }

answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

pg_host=$(host_of "$database_url"); pg_port=$(port_of "$database_url" 5432)
redis_host=$(host_of "$redis_url"); redis_port=$(port_of "$redis_url" 6379)

postgres_up() {
  if command -v pg_isready >/dev/null 2>&1; then pg_isready -q -h "$pg_host" -p "$pg_port"; else answers "$pg_host" "$pg_port"; fi
}
redis_up() { answers "$redis_host" "$redis_port"; }

start_postgres() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$version" ]] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
}

start_redis() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

wait_for() {
  for _ in $(seq 1 50); do "$1" && return 0; sleep 0.2; done
  return 1
}

check() {
  local ok=0
  if ! postgres_up; then
    echo "PostgreSQL does not answer at $pg_host:$pg_port (DATABASE_URL). Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
    ok=1
  fi
  if ! redis_up; then
    echo "Redis does not answer at $redis_host:$redis_port (REDIS_URL). Start it, e.g.: redis-server --daemonize yes --bind 127.0.0.1 --port 6379" >&2
    ok=1
  fi
  return $ok
}

case "${1:-check}" in
  check) check ;;
  ensure)
    if ! postgres_up; then echo "services: starting PostgreSQL" >&2; start_postgres; wait_for postgres_up || true; fi
    if ! redis_up; then echo "services: starting Redis" >&2; start_redis; wait_for redis_up || true; fi
    check
    ;;
  *) echo "usage: $0 check|ensure" >&2; exit 2 ;;
esac
