#!/usr/bin/env bash
# What the container tier's real node needs besides the kubelet (built by build-control-plane.sh): containerd and
# runc (Debian's, installed with docker.io by docker-engine.sh), Debian's CNI plugins (bridge, host-local, loopback),
# and a pause image binary compiled from the Kubernetes release's own build/pause/linux/pause.c (no registry is
# reachable to pull one). Prints "<cni bin dir> <pause binary>".
set -euo pipefail
cache="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}"
bash "$(dirname "$0")/docker-engine.sh" install
if [ ! -x /usr/lib/cni/bridge ]; then
  [ "$(id -u)" = 0 ] || { echo "real-node: containernetworking-plugins missing and not root" >&2; exit 1; }
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends containernetworking-plugins; } >&2 \
    || { echo "real-node: apt-get could not install containernetworking-plugins" >&2; exit 1; }
fi
command -v containerd >/dev/null || { echo "real-node: containerd missing (docker.io should have brought it)" >&2; exit 1; }
pause="$cache/real-node/pause"
if [ ! -x "$pause" ]; then
  command -v gcc >/dev/null || { echo "real-node: gcc is needed to compile the pause binary" >&2; exit 1; }
  src=$(cd "$cache"/control-plane/k8s-*/k8s-module && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c
  mkdir -p "$(dirname "$pause")"
  gcc -Os -static -DVERSION=local -o "$pause.part" "$src" && mv "$pause.part" "$pause"
fi
echo "/usr/lib/cni $pause"
