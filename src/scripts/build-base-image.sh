#!/usr/bin/env bash
# The base image the container tests build both images on (no image registry is reachable from tests): a Debian
# bookworm minbase root filesystem with OpenJDK 17's headless runtime, made offline-capable by debootstrap from the
# machine's own Debian package source, cached as a tarball, imported into the engine at DOCKER_HOST when missing.
# Users build on a public runtime image instead (the Dockerfiles' default BASE_IMAGE). Prints the image name.
set -euo pipefail
: "${DOCKER_HOST:?set DOCKER_HOST (src/scripts/docker-engine.sh start prints the socket)}"
cache="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}"
image="sen2cor-test-base:bookworm-jre17"
tarball="$cache/base-image/bookworm-jre17.tar"
if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; exit 0; fi
if [ ! -f "$tarball" ]; then
  # the first Debian source apt is configured with (deb822 or one-line format)
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || { echo "build-base-image: no Debian package source configured for apt" >&2; exit 1; }
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$mirror" >&2 \
    || { echo "build-base-image: debootstrap failed (see above)" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  mkdir -p "$(dirname "$tarball")"
  tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
fi
docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$image" >&2
echo "$image"
