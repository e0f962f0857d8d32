#!/usr/bin/env bash
# Runs the test suite RUNS times in a row (default 3) while busy loops keep every core loaded, and reports every
# test that failed in at least one run (scripts/flakyreport). Exits non-zero if any did, or if a run failed without
# a failed test in its output (the go command's own error: see its stderr, printed).
#
#   scripts/flaky.sh                    # go test -count=1 ./... three times under load (make flaky)
#   RUNS=10 scripts/flaky.sh ./contracts/
#   LOAD=0 TESTFLAGS='-short -run Mark' scripts/flaky.sh ./contracts/ ./state/...
#
# RUNS: how many runs (3). LOAD: how many busy loops (the number of CPUs; 0: none). TESTFLAGS: more go test flags
# (the default per-package -timeout 25m is CI's; under load packages run slower). Arguments: package patterns
# (./...). The JSON of each run is kept in $FLAKY_DIR (a temporary directory, removed at the end, unless set).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
load=${LOAD:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)}
testflags=${TESTFLAGS:-}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./...)
go=${GO:-go}

dir=${FLAKY_DIR:-}
keep=1
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  keep=0
fi
mkdir -p "$dir"

loads=()
gotest=
unload() { # stops the busy loops this script started, by their pids
  if [ ${#loads[@]} -gt 0 ]; then
    kill "${loads[@]}" 2>/dev/null || true
    wait "${loads[@]}" 2>/dev/null || true
    loads=()
  fi
}
cleanup() {
  if [ -n "$gotest" ]; then kill "$gotest" 2>/dev/null || true; wait "$gotest" 2>/dev/null || true; fi
  unload
  if [ "$keep" = 0 ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Build the reporter and the test binaries first, unloaded: a compile error shows up now, and the runs measure tests.
"$go" build -o "$dir/flakyreport" ./scripts/flakyreport
# shellcheck disable=SC2086 # TESTFLAGS is a list of flags
"$go" test -count=1 -run '^$' $testflags "${pkgs[@]}" >/dev/null

for ((i = 0; i < load; i++)); do
  (while :; do :; done) &
  loads+=($!)
done
echo "flaky: $runs runs of go test -count=1${testflags:+ $testflags} ${pkgs[*]} under $load busy loops"

status=0
for ((r = 1; r <= runs; r++)); do
  start=$(date +%s)
  rc=0
  # In the background so that a signal to this script is handled (cleanup) at once, not after the run.
  # shellcheck disable=SC2086
  "$go" test -json -count=1 -timeout 25m $testflags "${pkgs[@]}" >"$dir/run$r.json" 2>"$dir/run$r.stderr" &
  gotest=$!
  wait "$gotest" || rc=$?
  gotest=
  echo "flaky: run $r/$runs: go test exited $rc after $(($(date +%s) - start)) s"
  if [ "$rc" != 0 ] && ! grep -q '"Action":"fail"' "$dir/run$r.json"; then
    echo "flaky: run $r failed with no failed test or package; its stderr:"
    sed 's/^/    /' "$dir/run$r.stderr"
    status=1
  fi
done
unload

files=()
for ((r = 1; r <= runs; r++)); do files+=("$dir/run$r.json"); done
"$dir/flakyreport" "${files[@]}" || status=1
if [ "$keep" = 1 ]; then echo "flaky: go test -json output in $dir"; fi
exit $status
