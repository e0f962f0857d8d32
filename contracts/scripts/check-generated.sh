#!/usr/bin/env bash
# CI check: regenerates contracts/ (Poseidon2.sol, DummyVerifier.sol, build/, bindings/) and fails if the
# committed files differ from the regenerated ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
go generate ./contracts/...
paths=(contracts/src contracts/build contracts/bindings)
if ! git diff --exit-code --stat -- "${paths[@]}" || [ -n "$(git status --porcelain --untracked-files=all -- "${paths[@]}")" ]; then
  git status --short -- "${paths[@]}"
  echo "check-generated: generated contract files are stale; run 'go generate ./contracts/...' and commit" >&2
  exit 1
fi
echo "check-generated: contracts/ generated files are up to date"
