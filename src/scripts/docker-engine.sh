#!/usr/bin/env bash
# A private Docker engine for the container test tier: Debian's docker.io (dockerd, containerd, runc) and
# debootstrap, installed when missing (needs root and Debian's package sources), started with its own data root
# (cached between runs, so built images stay) and its own socket, with no bridge and no iptables rules: containers
# use the host network only, so every test connection stays on 127.0.0.1.
#   docker-engine.sh install installs the packages only
#   docker-engine.sh start   prints the socket (DOCKER_HOST=unix://<it>); "started" or "running" on stderr
#   docker-engine.sh stop    stops the engine this script started
#   SEN2COR_CACHE   cache root (default ~/.cache/sen2cor-operator)
set -euo pipefail
cache="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}"
data="$cache/docker/data"
run="/tmp/sen2cor-docker-$(id -u)"    # short: a unix socket path has at most 107 characters
sock="$run/docker.sock"
pidfile="$run/dockerd.pid"

answers() { DOCKER_HOST="unix://$sock" docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { echo "docker-engine: ${missing[*]} missing and not root: install them (apt-get install docker.io debootstrap)" >&2; exit 1; }
  command -v apt-get >/dev/null || { echo "docker-engine: no apt-get: the container tier needs Debian's docker.io and debootstrap" >&2; exit 1; }
  echo "docker-engine: installing ${missing[*]} from Debian's packages" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 \
    || { echo "docker-engine: apt-get could not install ${missing[*]} (is a Debian package source reachable?)" >&2; exit 1; }
}

case "${1:-start}" in
  install) install_packages ;;
  start)
    install_packages
    mkdir -p "$data" "$run"
    if answers; then echo running >&2; echo "$sock"; exit 0; fi
    rm -f "$sock"
    nohup dockerd --data-root "$data" --exec-root "$run/exec" --pidfile "$pidfile" -H "unix://$sock" \
      --bridge=none --iptables=false --ip6tables=false --ip-masq=false --storage-driver=overlay2 \
      >"$run/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
      if answers; then echo started >&2; echo "$sock"; exit 0; fi
      sleep 0.5
    done
    echo "docker-engine: dockerd did not answer on $sock within 30 s:" >&2
    tail -20 "$run/dockerd.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
  *) echo "usage: docker-engine.sh install|start|stop" >&2; exit 2;;
esac
