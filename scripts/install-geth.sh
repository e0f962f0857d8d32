#!/usr/bin/env bash
# Builds geth from the go-ethereum version pinned in go.mod into ./bin/geth (for running the devnet and the
# e2e TestGethDev against `geth --dev`). Idempotent: does nothing when bin/geth already reports that version.
#
#   scripts/install-geth.sh          # build (or keep) bin/geth
#   GETH_VERSION=v1.17.10 scripts/install-geth.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

version="${GETH_VERSION:-$(go list -m -f '{{.Version}}' github.com/ethereum/go-ethereum)}"
if [[ -z "$version" ]]; then
	echo "install-geth: cannot determine the go-ethereum version from go.mod" >&2
	exit 1
fi
bin="$root/bin/geth"

# `geth version` prints "Version: 1.17.10-stable" (no leading v).
if [[ -x "$bin" ]] && "$bin" version 2>/dev/null | grep -q "^Version: ${version#v}\(-stable\)\?$"; then
	echo "install-geth: $bin is already geth $version"
	echo "$bin"
	exit 0
fi

echo "install-geth: building geth $version into $root/bin (takes a few minutes) ..." >&2
mkdir -p "$root/bin"
# `go install pkg@version` builds with the pinned version's own go.mod/go.sum, independent of this module's.
GOBIN="$root/bin" GOWORK=off go install "github.com/ethereum/go-ethereum/cmd/geth@$version"
"$bin" version | sed -n 's/^Version: /install-geth: built geth /p' >&2
echo "$bin"
