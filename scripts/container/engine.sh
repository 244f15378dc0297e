#!/usr/bin/env bash
# Makes a container engine available on a Debian machine, as root: installs Debian's docker.io
# when missing and starts dockerd without a bridge network (containers use no network or the
# host's loopback only), then waits for its socket. Safe to run again: it does nothing when the
# engine already answers.
set -euo pipefail

SOCKET=/var/run/docker.sock
answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if answers; then
  echo "container engine: running ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "container engine: dockerd is missing and installing it needs root" >&2
    exit 1
  fi
  echo "container engine: installing docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "container engine: starting dockerd (no bridge, no iptables)"
  mkdir -p /var/log
  nohup dockerd --bridge=none --iptables=false --ip-masq=false --host="unix://$SOCKET" \
    >/var/log/dockerd.log 2>&1 &
fi

for _ in $(seq 1 120); do
  if answers; then
    echo "container engine: running ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 0.5
done
echo "container engine: dockerd did not answer within 60 s; see /var/log/dockerd.log" >&2
tail -20 /var/log/dockerd.log >&2 || true
exit 1
