#!/usr/bin/env bash
# Installs the pinned solc (solcjs) from the npm registry into contracts/.solc (gitignored).
# Usage: contracts/scripts/install-solc.sh   (idempotent)
set -euo pipefail
SOLC_VERSION="0.8.37"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$here/.solc"
if [ -f "$dir/node_modules/solc/package.json" ] &&
   grep -q "\"version\": \"$SOLC_VERSION\"" "$dir/node_modules/solc/package.json"; then
  exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"zkperp-solc","private":true}' > package.json
npm install --no-audit --no-fund --save-exact "solc@$SOLC_VERSION" >/dev/null
grep -q "\"version\": \"$SOLC_VERSION\"" node_modules/solc/package.json
echo "installed solc $SOLC_VERSION into $dir"
