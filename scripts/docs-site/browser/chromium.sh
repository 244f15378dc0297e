#!/usr/bin/env bash
# Makes Debian's Chromium available for the site's browser test, as root: installs the chromium
# package when /usr/bin/chromium is missing. Safe to run again: it does nothing when it is there.
# (A test tool's own browser download cannot work here: only Debian's packages are reachable.)
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "chromium: $CHROMIUM is missing and installing it needs root" >&2
    exit 1
  fi
  echo "chromium: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
