#!/usr/bin/env bash
# What CI runs for the VS Code extension: a clean install from the lockfile, lint, type check
# and compile, the .vsix, then the tests against a real server binary (after packaging, so
# the bundle test loads the very file that went into the .vsix).
#
# Usage: editors/vscode/ci.sh <path-to-mlsd-binary>
# Needs Node 20 or newer with npm, and the npm registry.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <path-to-mlsd-binary>" >&2
  exit 2
fi
if [ ! -f "$1" ] || [ ! -x "$1" ]; then
  echo "ci.sh: $1 is not an executable file" >&2
  exit 2
fi
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "ci.sh: Node $(node --version) is too old; 20 or newer is needed" >&2
  exit 2
fi

start=$SECONDS
step() { echo "== vscode: $* ($((SECONDS - start)) s)"; }

step "npm ci"
npm ci --no-audit --no-fund --prefer-offline
step "lint"
npm run --silent lint
step "type check and compile"
npm run --silent compile
step "package"
rm -f ./*.vsix
npm run --silent package
step "test (MLSD_BIN=$bin)"
# The tests time out on their own; this only guards against a runner that never returns.
MLSD_BIN="$bin" timeout 300 npm test --silent

vsix="$(ls -1 ./*.vsix)"
echo "== vscode: built $PWD/${vsix#./} ($(wc -c < "$vsix" | tr -d ' ') bytes) in $((SECONDS - start)) s"
