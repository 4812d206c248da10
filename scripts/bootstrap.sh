#!/usr/bin/env bash
# Makes a bare machine ready to run ml-connector: Node 24 and pnpm 12.4.2 project-locally in
# .tools/ when the machine lacks them, dependencies from the frozen lockfile, the Prisma client
# generated, and migrations applied. Idempotent and quick when everything is in place.
# Source it (`. scripts/bootstrap.sh`) to keep its PATH, or run it.
set -euo pipefail

mlc_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlc_node_version=24.21.0
mlc_pnpm_version=12.4.2
export PATH="$mlc_root/.tools/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1
export COREPACK_ENABLE_STRICT=0
# Node ships its own CA list; where the network goes through a TLS-inspecting proxy only the
# system bundle knows its CA. Adding the system bundle is harmless everywhere else.
if [[ -z "${NODE_EXTRA_CA_CERTS:-}" && -r /etc/ssl/certs/ca-certificates.crt ]]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

mlc_has() { command -v "$1" >/dev/null 2>&1 && [[ "$("$1" --version 2>/dev/null)" == "$2"* ]]; }

if ! mlc_has node v24. || ! mlc_has pnpm "$mlc_pnpm_version"; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "bootstrap: npm is required to fetch Node $mlc_node_version (install any Node.js >= 18 first)" >&2
    exit 1
  fi
  echo "bootstrap: installing Node $mlc_node_version and pnpm $mlc_pnpm_version into .tools/" >&2
  npm install --prefix "$mlc_root/.tools" --no-audit --no-fund --no-package-lock --loglevel=error \
    "node@$mlc_node_version" "pnpm@$mlc_pnpm_version" >&2
  hash -r
fi

cd "$mlc_root"
pnpm install --frozen-lockfile --reporter=silent >&2
pnpm turbo run build --output-logs=errors-only >&2

"$mlc_root/scripts/services.sh" check
pnpm --silent mlc migrate >&2
