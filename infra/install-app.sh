#!/bin/sh
# Used by infra/Dockerfile, run from the workspace root with the pnpm store already filled by
# `pnpm fetch`: installs the production dependencies of one workspace package and of the
# workspace packages it needs at run time, then deletes everything else the image does not need
# (other workspace packages, tests, build files).
#
#   infra/install-app.sh @mlc/poller
#
# `--filter-prod "$package..."` selects the package and its `dependencies` closure, ignoring
# devDependencies, so a package that only a test imports never reaches the image.
set -eu

package="$1"
selection="$package..."

pnpm install --offline --frozen-lockfile --prod --filter-prod "$selection"

keep="$(pnpm ls --filter-prod "$selection" --depth -1 --parseable)"
for dir in apps/* packages/*; do
  printf '%s\n' "$keep" | grep -qxF "$PWD/$dir" || rm -rf "$dir"
done
find apps packages -name node_modules -prune -o -name '*.test.ts' -type f -exec rm -f {} +
# At the root only the manifest, node_modules and the healthcheck script run in the image.
find . -mindepth 1 -maxdepth 1 ! -name package.json ! -name node_modules ! -name apps ! -name packages \
  ! -name infra -exec rm -rf {} +
find infra -mindepth 1 ! -name healthcheck.ts -exec rm -rf {} +
