#!/usr/bin/env bash
# The README's entry point: bootstraps a bare machine (Node 24, pnpm, dependencies, migrations),
# then runs one of the workspace's scripts, e.g. `scripts/dev.sh test` or `scripts/dev.sh demo`.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bootstrap.sh"
exec pnpm --silent "$@"
