#!/usr/bin/env bash
# Installs Chromium for the browser tests of the web page (web/webtest, docs/web.md) from the distribution's
# packages, when no Chromium or Chrome is on PATH. Debian/Ubuntu (apt-get); other systems: install Chromium by hand
# or set ZKPERP_CHROME to a Chrome/Chromium binary. Without one the browser tests skip.
set -euo pipefail

for b in "${ZKPERP_CHROME:-}" chromium chromium-browser google-chrome google-chrome-stable; do
  if [ -n "$b" ] && command -v "$b" >/dev/null 2>&1; then
    echo "chromium: $(command -v "$b")"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium by hand (the browser tests skip without it)" >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: not root and no sudo; install Chromium by hand (the browser tests skip without it)" >&2
    exit 0
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# A failure here (no network, no package) is reported, not fatal: the browser tests then skip and say why.
if ! $SUDO apt-get update -qq; then
  echo "install-chromium: apt-get update failed; the browser tests will skip" >&2
  exit 0
fi
# Debian names the package chromium; Ubuntu's chromium-browser is a snap wrapper, tried second.
if ! $SUDO apt-get install -y -qq chromium && ! $SUDO apt-get install -y -qq chromium-browser; then
  echo "install-chromium: could not install Chromium; the browser tests will skip" >&2
  exit 0
fi
command -v chromium || command -v chromium-browser
