#!/usr/bin/env bash
# Regenerates src/generated/ (TypeScript types and zod schemas) from spec/openapi.yml with
# @hey-api/openapi-ts. The generator needs TypeScript 5's compiler API, which the workspace's
# TypeScript 7 does not have, so it runs from a throwaway directory with pinned versions.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error @hey-api/openapi-ts@0.99.0 typescript@5.9.3 zod@4.6.7 >/dev/null
cat > openapi-ts.config.mjs <<CONFIG
export default {
  input: '$here/spec/openapi.yml',
  output: { path: '$here/src/generated', clean: true, importFileExtension: '.ts' },
  plugins: ['@hey-api/typescript', { name: 'zod' }],
};
CONFIG
npx openapi-ts
echo "regenerated $here/src/generated"
